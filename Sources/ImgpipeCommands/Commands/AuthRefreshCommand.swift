import Foundation
import Stages

/// `imgpipe auth refresh`: redeem the account's refresh token now and store the new pair.
public struct AuthRefreshCommand: Command {
    public let spec = CommandSpec(
        "auth refresh",
        summary: "Refresh the account profile's access token now and store the new pair.",
        options: [
            .flag("json", help: "Print the refreshed profile as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let context = try ImgurCommandContext(invocation)
        try await ImgurCommandContext.mapFailures {
            let provider = try await context.resolver.tokenProvider(for: context.account, configuration: context.configuration)
            _ = try await provider.refresh(rejected: await provider.tokens.accessToken)
        }
        guard let stored = try await context.store.account(context.account) else {
            throw CommandFailure("account '\(context.account)' vanished from \(context.store.path) during the refresh", exitCode: .itemsFailed)
        }

        let status = AccountStatus(name: context.account, stored)
        if invocation.wantsJSON {
            try invocation.printJSON(status)
        } else {
            invocation.standardOutput.line("Refreshed the token of account '\(context.account)'.")
            invocation.standardOutput.line(status.text)
        }
        return .success
    }
}
