import ImgurAdapter

/// `imgpipe whoami`: show the Imgur username and email of the account profile.
public struct WhoamiCommand: Command {
    public let spec = CommandSpec(
        "whoami",
        summary: "Show the Imgur username and email of the account profile.",
        options: [
            .flag("json", help: "Print the account as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let context = try ImgurCommandContext(invocation)
        let session = try await context.signedInSession()
        let user = try await ImgurCommandContext.mapFailures { try await session.userInfo() }
        await context.recordBudget(of: session, username: user.username)

        if invocation.wantsJSON {
            try invocation.printJSON(WhoamiDocument(account: context.account, username: user.username, email: user.email,
                                                    accountID: user.accountID))
        } else {
            invocation.standardOutput.line("\(user.username)" + (user.email.map { " <\($0)>" } ?? ""))
        }
        return .success
    }
}

private struct WhoamiDocument: Encodable {
    var account: String
    var username: String
    var email: String?
    var accountID: Int?

    enum CodingKeys: String, CodingKey {
        case account, username, email
        case accountID = "account_id"
    }
}
