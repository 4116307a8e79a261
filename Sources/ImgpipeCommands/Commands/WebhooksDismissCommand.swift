import Pipeline

/// `imgpipe webhooks dismiss`: set pending or dead deliveries aside so that nothing sends them.
public struct WebhooksDismissCommand: Command {
    public let spec = CommandSpec(
        "webhooks dismiss",
        summary: "Set pending or dead webhook deliveries aside so that nothing sends them.",
        options: [
            .flag("json", help: "Print the number of dismissed deliveries as one JSON document on stdout."),
        ],
        positionals: [
            PositionalSpec("WEBHOOK_ID", help: "Deliveries to dismiss, as listed by 'imgpipe webhooks list'.", repeatable: true),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let ids = invocation.arguments.positionalValues("WEBHOOK_ID")
        let eventLog = try EventLog.open(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }

        let count = try await eventLog.dismissWebhooks(ids)
        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["dismissed": count]))
        } else {
            invocation.standardOutput.line("Dismissed \(count) of \(ids.count) webhook deliveries; only pending or dead ones can be dismissed.")
        }
        return count == ids.count ? .success : .itemsFailed
    }
}
