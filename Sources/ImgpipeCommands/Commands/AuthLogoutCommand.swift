import Stages

/// `imgpipe auth logout`: forget the account profile's stored tokens.
public struct AuthLogoutCommand: Command {
    public let spec = CommandSpec(
        "auth logout",
        summary: "Remove the account profile's tokens from credentials.json.",
        discussion: "Imgur documents no token revocation, so the tokens stay valid at Imgur until they expire; "
            + "this only removes them from this machine. While IMGUR_ACCESS_TOKEN and IMGUR_REFRESH_TOKEN are set, "
            + "the next command seeds the profile again.",
        options: [
            .flag("json", help: "Print the result as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let environment = try invocation.effectiveEnvironment()
        let account = invocation.accountName(in: environment)
        let store = TokenStore(configDirectory: invocation.locations.configDirectory)
        let removed = try await ImgurCommandContext.mapFailures { try await store.remove(account) }

        if invocation.wantsJSON {
            try invocation.printJSON(LogoutDocument(account: account, removed: removed))
        } else if removed {
            invocation.standardOutput.line("Removed the tokens of account '\(account)' from \(store.path).")
        } else {
            invocation.standardOutput.line("No tokens stored for account '\(account)' in \(store.path).")
        }
        return .success
    }
}

private struct LogoutDocument: Encodable {
    var account: String
    var removed: Bool
}
