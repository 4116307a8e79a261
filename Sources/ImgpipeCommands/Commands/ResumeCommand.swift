import Foundation
import Pipeline

/// `imgpipe resume`: continue a run that did not finish, with the same id.
public struct ResumeCommand: Command {
    public let spec = CommandSpec(
        "resume",
        summary: "Continue a run that did not finish, with the same run id.",
        discussion: "Each unfinished item continues at the stage after its last committed one; files the run had not reached yet are discovered as usual. Webhook deliveries still pending are sent.",
        options: [
            .flag("json", help: "Print the run's result as one JSON document on stdout."),
            .flag("force", help: "Upload content again even when this pipeline uploaded it before, or its outcome is unknown."),
            .value("drain-timeout", valueName: "DURATION", help: "How long items in flight may take to finish after SIGINT or SIGTERM (default: the definition's shutdown_timeout, else 30s)."),
            .value("definition", valueName: "FILE", help: "Pipeline definition to use (default: the file the run was started from)."),
        ],
        positionals: [
            PositionalSpec("RUN_ID", help: "Run to continue, as listed by 'imgpipe runs'."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let runID = RunID(rawValue: invocation.arguments.positional("RUN_ID") ?? "")
        let path: String
        if let given = invocation.arguments.value("definition") {
            path = given
        } else {
            path = try await Self.recordedDefinitionPath(of: runID, invocation: invocation)
        }

        let execution = try RunCommand.execution(definitionPath: path, invocation: invocation, command: spec.displayName)
        return try RunReport(invocation: invocation).print(await execution.execute(continuing: runID))
    }

    /// Returns the definition path that the run's first `run.started` event recorded.
    static func recordedDefinitionPath(of runID: RunID, invocation: Invocation) async throws -> String {
        let eventLog = try EventLog.open(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }

        guard try await eventLog.run(runID) != nil else {
            throw CommandFailure("no run '\(runID)' in \(invocation.locations.eventLogPath); list runs with 'imgpipe runs'", exitCode: .usage)
        }
        let started = try await eventLog.events(run: runID).first { $0.type == "run.started" }
        guard let path = started?.payload["definition_path"]?.stringValue, !path.isEmpty else {
            throw CommandFailure("run '\(runID)' did not record its definition file; pass it with --definition FILE", exitCode: .usage)
        }
        return path
    }
}
