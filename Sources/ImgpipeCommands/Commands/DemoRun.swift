import Foundation
import ImgurSandbox
import Pipeline
import Webhooks

/// The main job end to end on this machine: sample photographs through the demo pipeline into
/// a local Imgur sandbox, with a webhook receiver checking every signature.
struct DemoRun {
    let pipelinePath: String
    let workspaceRoot: URL?
    let stateDirectory: String
    let workingDirectory: String
    let environment: [String: String]
    let logger: Logger
    let showProgress: Bool

    /// The demo's outcome, uploads and deliveries, for the report.
    struct Report {
        let outcome: PipelineExecution.Outcome
        let uploads: [(path: String, link: String)]
        let deliveries: [WebhookDelivery]
        let sandboxURL: URL
        let workspace: DemoWorkspace
    }

    /// Runs the demo with its servers up, then hands the live servers to `whileRunning` (for
    /// `--keep-running`) before stopping them.
    func execute(whileRunning: (Report) async -> Void = { _ in }) async throws -> Report {
        guard FileManager.default.fileExists(atPath: pipelinePath) else {
            throw DemoError("the demo pipeline '\(pipelinePath)' was not found; run the demo from the repository's top folder or pass --pipeline FILE")
        }
        let workspace = try DemoWorkspace.create(at: workspaceRoot)

        var sandboxConfiguration = SandboxConfiguration(dataDirectory: workspace.sandboxData)
        sandboxConfiguration.autoApprove = true
        let sandbox = try ImgurSandbox(configuration: sandboxConfiguration)
        defer { sandbox.stop() }

        let secret = WebhookSecret.generate()
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.stop() }

        let tokens = sandbox.issueTokens()
        var environment = self.environment
        environment["IMGUR_CLIENT_ID"] = sandboxConfiguration.clientID
        environment["IMGUR_CLIENT_SECRET"] = sandboxConfiguration.clientSecret
        environment["IMGUR_API_URL"] = sandbox.baseURL.absoluteString
        environment["IMGUR_ACCESS_TOKEN"] = tokens.accessToken
        environment["IMGUR_REFRESH_TOKEN"] = tokens.refreshToken
        environment["WEBHOOK_URL"] = receiver.url.absoluteString
        environment["WEBHOOK_SECRET"] = secret.encoded
        environment["IMGPIPE_DEMO_IMAGES"] = workspace.images.path

        // Every demo starts a new, empty sandbox, so the photographs an earlier demo uploaded
        // into its own sandbox are not there. Without `force`, the event log's record of those
        // uploads would make this run skip every photograph.
        let execution = PipelineExecution(
            definitionPath: pipelinePath,
            environment: environment,
            workingDirectory: workingDirectory,
            stateDirectory: stateDirectory,
            logger: logger,
            options: RunOptions(force: true),
            showProgress: showProgress
        )
        let outcome = try await execution.execute()
        let uploads = try await uploadedLinks(outcome)
        let report = Report(
            outcome: outcome,
            uploads: uploads,
            deliveries: await receiver.waitForDeliveries(count: uploads.count + 1, timeout: .seconds(5)),
            sandboxURL: sandbox.baseURL,
            workspace: workspace
        )
        await whileRunning(report)
        return report
    }

    private func uploadedLinks(_ outcome: PipelineExecution.Outcome) async throws -> [(path: String, link: String)] {
        guard case .finished(let summary, _, _) = outcome else { return [] }
        let eventLog = try EventLog.open(path: stateDirectory + "/events.sqlite")
        defer { eventLog.close() }

        let events = try await eventLog.events(run: RunID(rawValue: summary.runID))
        var paths: [String: String] = [:]
        var uploads: [(path: String, link: String)] = []
        for event in events {
            guard let item = event.itemID else { continue }
            if event.type == "item.discovered", case .string(let path)? = event.payload["path"] {
                paths[item] = path
            }
            if event.type == "stage.finished", event.stage == "upload", case .string(let link)? = event.payload["link"] {
                uploads.append((paths[item] ?? item, link))
            }
        }
        return uploads
    }
}
