import Pipeline

/// `imgpipe events`: show the event log of one run.
public struct EventsCommand: Command {
    public let spec = CommandSpec(
        "events",
        summary: "Show the event log of one run.",
        options: [
            .flag("json", help: "Print the events as one JSON document on stdout."),
            .value("item", valueName: "ITEM_ID", help: "Show only events of this item."),
            .value("stage", valueName: "TYPE", help: "Show only events of this stage type."),
        ],
        positionals: [
            PositionalSpec("RUN_ID", help: "Run to show, as listed by 'imgpipe runs'."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let runID = RunID(rawValue: invocation.arguments.positional("RUN_ID") ?? "")
        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }

        guard let run = try await eventLog.run(runID) else {
            throw CommandFailure("no run '\(runID)' in \(invocation.locations.eventLogPath); list runs with 'imgpipe runs'", exitCode: .usage)
        }
        var events = try await eventLog.events(run: runID, item: invocation.arguments.value("item"))
        if let stage = invocation.arguments.value("stage") {
            events = events.filter { $0.stage == stage }
        }

        invocation.standardOutput.line(invocation.wantsJSON ? try RunListing.eventsJSON(run, events) : RunListing.eventsText(events))
        return .success
    }
}
