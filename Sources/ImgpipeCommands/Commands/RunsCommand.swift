/// `imgpipe runs`: list recent runs with their status and item counts.
public struct RunsCommand: Command {
    public let spec = CommandSpec(
        "runs",
        summary: "List recent runs with their status and item counts.",
        options: [
            .flag("json", help: "Print the runs as one JSON document on stdout."),
            .value("pipeline", valueName: "NAME", help: "Show only runs of this pipeline."),
            .value("limit", valueName: "N", help: "Largest number of runs to list, newest first.", default: "20"),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        throw CommandFailure.notImplemented(spec)
    }
}
