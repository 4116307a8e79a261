import Pipeline

/// `imgpipe webhooks enable`: send to an endpoint again after it responded with 410 Gone.
public struct WebhooksEnableCommand: Command {
    public let spec = CommandSpec(
        "webhooks enable",
        summary: "Send to an endpoint again after it answered HTTP 410 Gone; its pending deliveries go out on the next run.",
        options: [
            .flag("json", help: "Print the enabled endpoint as one JSON document on stdout."),
        ],
        positionals: [
            PositionalSpec("URL", help: "Endpoint URL, as listed by 'imgpipe webhooks list'."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let url = invocation.arguments.positional("URL") ?? ""
        let eventLog = try EventLog.open(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }

        let redactedURL = URLRedaction.redact(url)
        guard try await eventLog.enableWebhookEndpoint(url) else {
            throw CommandFailure("the webhook endpoint '\(redactedURL)' is not disabled; list disabled endpoints with 'imgpipe webhooks list'", exitCode: .usage)
        }
        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["enabled": redactedURL]))
        } else {
            invocation.standardOutput.line("Enabled \(redactedURL); its pending deliveries are sent by the next run, 'imgpipe resume' or 'imgpipe webhooks retry'.")
        }
        return .success
    }
}
