import Pipeline

/// `imgpipe failed`: list the items that failed after all attempts and are kept for replay.
/// Each item is listed once, and a replayed item with the failure of its latest replay.
public struct FailedCommand: Command {
    public let spec = CommandSpec(
        "failed",
        summary: "List items that failed after all attempts, until they are replayed or dismissed.",
        options: [
            .value("run", valueName: "RUN_ID", help: "List only the failed items of this run."),
            .flag("json", help: "Print the failed items as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }
        let letters = try await ReplayHistory.latestFailures(
            eventLog.deadLetters(run: invocation.arguments.value("run").map(RunID.init(rawValue:))), eventLog: eventLog
        )

        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["failed": letters.map(Self.document)]))
        } else if letters.isEmpty {
            invocation.standardOutput.line("No failed items.")
        } else {
            for letter in letters {
                invocation.standardOutput.line("\(letter.id)  \(letter.stage ?? "-")  \(letter.path ?? "-")  \(letter.error ?? "(payload removed by gc)")")
            }
        }
        return .success
    }

    private static func document(_ letter: DeadLetter) -> [String: Any] {
        var document: [String: Any] = [
            "id": letter.id, "run_id": letter.runID.rawValue, "item_id": letter.itemID,
            "failed_at": RunListing.timestamp(letter.failedAt),
        ]
        document["stage"] = letter.stage
        document["path"] = letter.path
        document["error"] = letter.error
        document["attempts"] = letter.attempts
        return document
    }
}
