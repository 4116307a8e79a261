import Foundation
import Pipeline

/// `imgpipe run`: run a pipeline definition until its items are done.
public struct RunCommand: Command {
    public let spec = CommandSpec(
        "run",
        summary: "Run a pipeline definition until its items are done.",
        options: [
            .flag("json", help: "Print the run's result as one JSON document on stdout."),
            .flag("dry-run", help: "Run only the local stages and report what would be uploaded and sent; changes nothing remote and leaves the event log as it is."),
            .flag("force", help: "Upload content again even when this pipeline uploaded it before, or its outcome is unknown."),
            .flag("new-run", help: "Start a new run even when the pipeline's last run did not finish; content uploaded before is still skipped."),
            .value("drain-timeout", valueName: "DURATION", help: "How long items in flight may take to finish after SIGINT or SIGTERM (default: the definition's shutdown_timeout, else 30s)."),
        ],
        positionals: [
            PositionalSpec("FILE", help: "Pipeline definition file."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let path = invocation.arguments.positional("FILE") ?? ""
        let execution = try Self.execution(definitionPath: path, invocation: invocation, command: spec.displayName)
        return try RunReport(invocation: invocation).print(
            await execution.execute(continuing: nil, startsNewRun: invocation.arguments.flag("new-run"))
        )
    }

    /// The execution `run` and `resume` share, from their common options.
    static func execution(definitionPath: String, invocation: Invocation, command: String) throws -> PipelineExecution {
        let drainTimeout = try invocation.arguments.value("drain-timeout").map { text in
            guard let timeout = DurationText.parse(text) else {
                throw UsageError("invalid duration '\(text)' for --drain-timeout; use a number with ms, s, m or h, such as 30s", command: command)
            }
            return timeout
        }
        return PipelineExecution(
            definitionPath: definitionPath,
            environment: try invocation.effectiveEnvironment(),
            workingDirectory: invocation.workingDirectory,
            stateDirectory: invocation.locations.stateDirectory,
            logger: invocation.logger,
            options: RunOptions(force: invocation.arguments.flag("force"), drainTimeout: drainTimeout),
            showProgress: !invocation.global.isQuiet && !invocation.wantsJSON,
            dryRun: invocation.arguments.flag("dry-run")
        )
    }
}
