import Foundation
import Pipeline
import Synchronization
import Webhooks

/// Sends one signed webhook per item (`image.uploaded` or `image.failed`) and one
/// `run.completed` at the end of the run, through the event log's outbox: each notification
/// is committed with a stable `webhook-id` before it is sent, and retried on a schedule.
public struct NotifyStage: PipelineStage {
    public let type = StageType.notify
    public var receivesFailedItems: Bool { true }
    public var hasSideEffects: Bool { true }
    let outbox: WebhookOutbox
    /// How long a finished run waits for pending deliveries.
    let wait: Duration
    private let waitDeadline = WaitDeadline()

    public init(definition: StageDefinition) throws {
        let options = definition.options
        let urlText = options.string("url") ?? ""
        guard let url = URL(string: urlText), url.scheme == "http" || url.scheme == "https" else {
            throw StageError("the notify stage's `url` '\(URLRedaction.redact(urlText))' is not an http or https URL")
        }
        let secret: WebhookSecret
        do {
            secret = try WebhookSecret(options.string("secret") ?? "")
        } catch {
            throw StageError("the notify stage's `secret` is not a valid webhook secret (whsec_ followed by base64); create one with `imgpipe webhooks secret`")
        }
        var schedule = DeliverySchedule()
        schedule.maxAttempts = options.integer("attempts") ?? schedule.maxAttempts
        schedule.firstDelay = options.duration("first_retry_delay") ?? schedule.firstDelay
        schedule.maxDelay = options.duration("max_retry_delay") ?? schedule.maxDelay
        let maxConcurrent = options.integer("max_concurrent") ?? 4

        let sender = WebhookSender(url: url, secret: secret, timeout: options.duration("timeout") ?? .seconds(15), maxConnections: maxConcurrent)
        outbox = WebhookOutbox(sender: sender, schedule: schedule, maxConcurrent: maxConcurrent)
        wait = options.duration("wait") ?? .seconds(30)
    }

    public func prepare(_ run: RunContext) async throws {
        try await outbox.start(run)
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let document = item.failure == nil
            ? WebhookDocument.imageUploaded(item, run: run)
            : WebhookDocument.imageFailed(item, run: run)
        let eventType = document["type"] as? String ?? ""
        let record = try await outbox.enqueue(
            id: Self.webhookID(run: run.runID, item: item.id), item: item.id, eventType: eventType,
            body: try WebhookDocument.encode(document), in: run
        )

        return .next(item, output: [
            "webhook_id": .string(record.id),
            "event_type": .string(eventType),
            "delivery": .string(record.status),
            "url": .string(URLRedaction.redact(record.url)),
        ])
    }

    public func awaitBackgroundWork(_ run: RunContext, interrupted: Bool) async -> BackgroundWork {
        let limit = interrupted ? Duration.zero : wait
        waitDeadline.start(limit)
        let pending = await outbox.waitForDeliveries(timeout: limit)
        if Task.isCancelled {
            // A stop request cut the wait short, so `run.completed` gets no wait either.
            waitDeadline.start(.zero)
        }
        return BackgroundWork(pendingDeliveries: pending, failedItems: outbox.deadItems)
    }

    /// Queues `run.completed`, gives it what is left of `wait`, then stops the worker; what
    /// is still pending is sent by a later run.
    public func complete(_ run: RunContext, summary: RunSummary) async {
        do {
            let body = try WebhookDocument.encode(WebhookDocument.runCompleted(summary, run: run))
            _ = try await outbox.enqueue(id: Self.webhookID(run: run.runID, item: nil), item: nil, eventType: "run.completed", body: body, in: run)
            _ = await outbox.waitForDeliveries(timeout: waitDeadline.remaining)
        } catch {
            run.logger.error("could not queue the run.completed webhook", ["run": run.runID.rawValue, "error": "\(error)"])
        }
        await outbox.stop()
    }

    /// The stable `webhook-id` of an item's notification, or of `run.completed` when `item` is nil.
    static func webhookID(run: RunID, item: String?) -> String {
        "msg_\(run.rawValue)_\(item ?? "run")"
    }
}

/// The end of the notify stage's `wait`, shared by the wait for items' deliveries and the
/// one for `run.completed`.
final class WaitDeadline: Sendable {
    private let end = Mutex<ContinuousClock.Instant?>(nil)

    func start(_ limit: Duration) {
        end.withLock { $0 = ContinuousClock.now + limit }
    }

    var remaining: Duration {
        guard let end = end.withLock({ $0 }) else { return .zero }
        return max(.zero, end - ContinuousClock.now)
    }
}

extension NotifyStage {
    /// Sends the deliveries pending for this pipeline and endpoint, outside a run, waiting
    /// up to `wait`; returns how many are still pending.
    public func sendPending(_ run: RunContext) async throws -> Int {
        try await outbox.start(run)
        let pending = await outbox.waitForDeliveries(timeout: wait)
        await outbox.stop()
        return pending
    }
}
