import Foundation
import Pipeline

/// `imgpipe gc`: remove the work files of old runs and the payloads of their events.
public struct GCCommand: Command {
    public let spec = CommandSpec(
        "gc",
        summary: "Remove work files and event payloads of runs that ended more than DAYS days ago.",
        discussion: """
            Every event keeps its sequence number and hashes, so 'imgpipe audit verify' still \
            checks the whole chain. Runs that have not ended are kept whole, so they can be resumed.
            """,
        options: [
            .value("older-than", valueName: "DAYS", help: "Prune runs that ended more than this many days ago (a whole number, 0 or more).").required(),
            .flag("json", help: "Print the pruned runs as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        guard let text = invocation.arguments.value("older-than") else {
            throw UsageError("missing --older-than DAYS: say how old a run must be to prune it", command: spec.displayName)
        }
        guard let days = Int(text), days >= 0 else {
            throw UsageError("invalid --older-than value '\(text)': expected a whole number of days, 0 or more", command: spec.displayName)
        }

        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }
        let cutoff = Date().addingTimeInterval(-Double(days) * 86_400)
        let runs = try await eventLog.pruneRuns(endedBefore: cutoff)
        try await BlockingWork.run { Self.removeWorkFiles(of: runs, in: invocation.locations.workDirectory) }

        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["pruned_runs": runs.map(\.rawValue)]))
        } else {
            invocation.standardOutput.line("Pruned \(runs.count) runs that ended before \(RunListing.timestamp(cutoff)).")
        }
        return .success
    }

    private static func removeWorkFiles(of runs: [RunID], in workDirectory: String) {
        for run in runs {
            // A run whose items all finished already removed its folder.
            try? FileManager.default.removeItem(atPath: workDirectory + "/" + run.rawValue)
        }
    }
}
