import Webhooks

/// `imgpipe webhooks secret`: generate a new webhook signing secret (whsec_ followed by base64).
public struct WebhooksSecretCommand: Command {
    public let spec = CommandSpec(
        "webhooks secret",
        summary: "Generate a new webhook signing secret (whsec_ followed by base64).",
        options: [
            .flag("json", help: "Print the secret as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let secret = WebhookSecret.generate()
        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["secret": secret.encoded]))
        } else {
            invocation.standardOutput.line(secret.encoded)
        }
        return .success
    }
}
