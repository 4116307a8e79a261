import Pipeline

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
        let limitText = invocation.arguments.value("limit") ?? "20"
        guard let limit = Int(limitText), limit > 0 else {
            throw UsageError("invalid number '\(limitText)' for --limit; use a whole number above 0", command: spec.displayName)
        }
        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }

        let runs = try await eventLog.runs(limit: limit, pipeline: invocation.arguments.value("pipeline"))

        invocation.standardOutput.line(invocation.wantsJSON ? try RunListing.runsJSON(runs) : RunListing.runsTable(runs))
        return .success
    }
}
