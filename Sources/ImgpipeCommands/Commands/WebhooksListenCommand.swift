import Webhooks

/// `imgpipe webhooks listen`: receive webhooks on 127.0.0.1 and print each verified delivery.
public struct WebhooksListenCommand: Command {
    public let spec = CommandSpec(
        "webhooks listen",
        summary: "Receive webhooks on 127.0.0.1 and print each verified delivery.",
        options: [
            .flag("json", help: "Print each delivery as one JSON line on stdout."),
            .value("port", valueName: "PORT", help: "Port to listen on; 0 picks a free one.", default: "0"),
            .value("secret", valueName: "SECRET", help: "Signing secret, whsec_ followed by base64 (default: $WEBHOOK_SECRET)."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let environment = try invocation.effectiveEnvironment()
        guard let secretText = invocation.arguments.value("secret") ?? environment["WEBHOOK_SECRET"] else {
            throw UsageError("a signing secret is required: pass --secret or set WEBHOOK_SECRET (create one with 'imgpipe webhooks secret')", command: spec.displayName)
        }
        let portText = invocation.arguments.value("port") ?? "0"
        guard let port = UInt16(portText) else {
            throw UsageError("invalid port '\(portText)' for --port; use 0 to 65535", command: spec.displayName)
        }
        let secret: WebhookSecret
        do {
            secret = try WebhookSecret(secretText)
        } catch {
            throw UsageError("the webhook secret is invalid: \(error); create one with 'imgpipe webhooks secret'", command: spec.displayName)
        }

        let output = invocation.standardOutput
        let listener = WebhookListener(secret: secret, port: port, json: invocation.wantsJSON) { output.line($0) }
        try await listener.listen(announce: { invocation.standardError.line($0) })
        return .success
    }
}
