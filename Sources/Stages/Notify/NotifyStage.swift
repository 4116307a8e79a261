import Foundation
import Pipeline
import Webhooks

/// Sends one signed webhook per item (`image.uploaded` or `image.failed`) and one
/// `run.completed` at the end of the run.
public struct NotifyStage: PipelineStage {
    public let type = StageType.notify
    public var receivesFailedItems: Bool { true }
    public var hasSideEffects: Bool { true }
    let sender: WebhookSender

    public init(definition: StageDefinition) throws {
        let options = definition.options
        let urlText = options.string("url") ?? ""
        guard let url = URL(string: urlText), url.scheme == "http" || url.scheme == "https" else {
            throw StageError("the notify stage's `url` '\(urlText)' is not an http or https URL")
        }
        let secret: WebhookSecret
        do {
            secret = try WebhookSecret(options.string("secret") ?? "")
        } catch {
            throw StageError("the notify stage's `secret` is not a valid webhook secret (whsec_ followed by base64); create one with `imgpipe webhooks secret`")
        }
        sender = WebhookSender(url: url, secret: secret, timeout: options.duration("timeout") ?? .seconds(15))
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let document = item.failure == nil
            ? WebhookDocument.imageUploaded(item, run: run)
            : WebhookDocument.imageFailed(item, run: run)
        let id = "msg_\(run.runID.rawValue)_\(item.id)"
        let status = try await sender.deliver(id: id, body: try WebhookDocument.encode(document))

        return .next(item, output: [
            "webhook_id": .string(id),
            "event_type": .string(document["type"] as? String ?? ""),
            "status": .integer(Int64(status)),
            "url": .string(sender.url.absoluteString),
        ])
    }

    public func complete(_ run: RunContext, summary: RunSummary) async {
        let id = "msg_\(run.runID.rawValue)_run"
        let retry = run.definition.stage(.notify)?.retry ?? .default

        for attempt in 1...max(retry.maxAttempts, 1) {
            do {
                let body = try WebhookDocument.encode(WebhookDocument.runCompleted(summary, run: run))
                let status = try await sender.deliver(id: id, body: body)
                try? await run.record("webhook.delivered", stage: type, [
                    "webhook_id": .string(id), "event_type": .string("run.completed"), "status": .integer(Int64(status)),
                ])
                return
            } catch {
                try? await run.record("webhook.failed", stage: type, [
                    "webhook_id": .string(id), "attempt": .integer(Int64(attempt)), "error": .string("\(error)"),
                ])
                guard attempt < retry.maxAttempts, (error as? ClassifiedError)?.isRetryable == true else { return }
                try? await Task.sleep(for: retry.delay(afterAttempt: attempt))
            }
        }
    }
}
