import Foundation
import Pipeline
import Stages

/// `imgpipe webhooks retry`: make dead deliveries pending again, and send them now when the
/// pipeline definition, which contains the signing secret, is given.
public struct WebhooksRetryCommand: Command {
    public let spec = CommandSpec(
        "webhooks retry",
        summary: "Make dead webhook deliveries pending again with a fresh schedule, and send them with --definition.",
        discussion: "Without WEBHOOK_ID every dead delivery is retried. The signing secret lives only in the pipeline definition, so without --definition the deliveries go out on the pipeline's next run or resume.",
        options: [
            .flag("json", help: "Print the counts as one JSON document on stdout."),
            .value("definition", valueName: "FILE", help: "Pipeline definition whose notify stage signs and sends the pending deliveries now."),
        ],
        positionals: [
            PositionalSpec("WEBHOOK_ID", help: "Deliveries to retry, as listed by 'imgpipe webhooks list'.", required: false, repeatable: true),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let ids = invocation.arguments.positionalValues("WEBHOOK_ID")
        let eventLog = try EventLog.open(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }

        let requeued = try await eventLog.requeueWebhooks(ids)
        var pending: Int?
        if let path = invocation.arguments.value("definition") {
            pending = try await send(definitionPath: path, eventLog: eventLog, invocation: invocation)
        }

        if invocation.wantsJSON {
            var document: [String: Any] = ["requeued": requeued]
            document["still_pending"] = pending
            invocation.standardOutput.line(try RunListing.encode(document))
        } else {
            invocation.standardOutput.line("Requeued \(requeued) webhook deliveries.")
            if let pending {
                invocation.standardOutput.line("\(pending) still pending; they are sent on the next run or resume.")
            }
        }
        return (pending ?? 0) == 0 ? .success : .itemsFailed
    }

    private func send(definitionPath: String, eventLog: EventLog, invocation: Invocation) async throws -> Int {
        let environment = try invocation.effectiveEnvironment()
        let definition = try DefinitionLoader.load(path: definitionPath, environment: environment, workingDirectory: invocation.workingDirectory)
        guard let notify = definition.stage(.notify) else {
            throw CommandFailure("the pipeline '\(definition.name)' in \(definitionPath) has no notify stage to send webhooks with", exitCode: .usage)
        }
        guard let latest = try await eventLog.runs().first(where: { $0.pipeline == definition.name }) else {
            return 0
        }
        let context = RunContext(
            runID: latest.id, definition: definition, eventLog: eventLog,
            workDirectory: invocation.locations.stateDirectory + "/work/" + latest.id.rawValue,
            environment: environment, logger: invocation.logger, options: RunOptions()
        )
        return try await NotifyStage(definition: notify).sendPending(context)
    }
}
