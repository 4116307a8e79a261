import Pipeline

/// `imgpipe failed dismiss`: set failed items aside with a recorded reason.
public struct FailedDismissCommand: Command {
    public let spec = CommandSpec(
        "failed dismiss",
        summary: "Dismiss failed items so they are no longer kept for replay, recording why.",
        options: [
            .value("run", valueName: "RUN_ID", help: "Dismiss every failed item of this run."),
            .value("reason", valueName: "TEXT", help: "Why the items are dismissed; stored in the event log.", default: "dismissed by operator"),
            .flag("json", help: "Print the dismissed items as one JSON document on stdout."),
        ],
        positionals: [
            PositionalSpec("ID", help: "Failed items to dismiss, as RUN_ID/ITEM_ID listed by 'imgpipe failed'.", required: false, repeatable: true),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let ids = invocation.arguments.positionalValues("ID")
        let run = invocation.arguments.value("run").map(RunID.init(rawValue:))
        guard ids.isEmpty != (run == nil) else {
            throw UsageError("give either failed item ids or --run RUN_ID, not both and not neither", command: spec.displayName)
        }

        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }
        let letters = try await eventLog.deadLetters(run: run)
        let chosen = run == nil ? letters.filter { ids.contains($0.id) } : letters
        let unknown = ids.filter { id in !letters.contains { $0.id == id } }
        let count = try await eventLog.dismiss(chosen, reason: invocation.arguments.value("reason") ?? "")

        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["dismissed": chosen.map(\.id), "not_found": unknown]))
        } else {
            invocation.standardOutput.line("Dismissed \(count) failed items.")
            for id in unknown {
                invocation.standardError.line("no failed item '\(id)': list them with 'imgpipe failed'")
            }
        }
        return unknown.isEmpty ? .success : .itemsFailed
    }
}
