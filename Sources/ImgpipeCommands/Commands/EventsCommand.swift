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
        throw CommandFailure.notImplemented(spec)
    }
}
