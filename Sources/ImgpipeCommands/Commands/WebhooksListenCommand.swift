/// `imgpipe webhooks listen`: receive webhooks on 127.0.0.1 and print each verified delivery.
public struct WebhooksListenCommand: Command {
    public let spec = CommandSpec(
        "webhooks listen",
        summary: "Receive webhooks on 127.0.0.1 and print each verified delivery.",
        options: [
            .flag("json", help: "Print each delivery as one JSON line on stdout."),
            .value("port", valueName: "PORT", help: "Port to listen on; 0 picks a free one.", default: "0"),
            .value("path", valueName: "PATH", help: "URL path that receives deliveries.", default: "/webhooks"),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        throw CommandFailure.notImplemented(spec)
    }
}
