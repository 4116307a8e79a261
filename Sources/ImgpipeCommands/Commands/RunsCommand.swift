import Foundation
import Pipeline

/// `imgpipe runs`: list recent runs with their status and item counts.
public struct RunsCommand: Command {
    public let spec = CommandSpec(
        "runs",
        summary: "List recent runs with their status and item counts.",
        discussion: """
            A run that the event log has as running while no live process runs its pipeline is \
            listed as abandoned: its process died before the run ended. 'imgpipe resume RUN_ID' \
            or 'imgpipe run FILE' continues it.
            """,
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
        let runs = try await listRuns(invocation, limit: limit)

        invocation.standardOutput.line(invocation.wantsJSON ? try RunListing.runsJSON(runs) : RunListing.runsTable(runs))
        return .success
    }

    /// Lists the log's runs, or none when no pipeline has run in the state directory yet.
    private func listRuns(_ invocation: Invocation, limit: Int) async throws -> [ListedRun] {
        let stateDirectory = invocation.locations.stateDirectory
        try StateDirectoryCheck.requireDirectory(stateDirectory)
        guard FileManager.default.fileExists(atPath: invocation.locations.eventLogPath) else { return [] }

        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }
        let records = try await eventLog.runs(limit: limit, pipeline: invocation.arguments.value("pipeline"))
        return await ListedRun.list(records, stateDirectory: stateDirectory)
    }
}
