import Foundation
import ImgurAdapter

/// `imgpipe credits`: show the remaining Imgur request budget.
public struct CreditsCommand: Command {
    public let spec = CommandSpec(
        "credits",
        summary: "Show the remaining Imgur request budget of the client id and the account.",
        options: [
            .flag("anonymous", help: "Ask with the client id only, without an account."),
            .flag("json", help: "Print the budget as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let context = try ImgurCommandContext(invocation)
        let session = invocation.arguments.flag("anonymous")
            ? ImgurSSO.anonymous(configuration: context.configuration)
            : try await context.signedInSession()
        let credits = try await ImgurCommandContext.mapFailures { try await session.credits() }
        await context.recordBudget(of: session)

        if invocation.wantsJSON {
            try invocation.printJSON(CreditsDocument(credits))
        } else {
            let output = invocation.standardOutput
            output.line("Client: \(Self.count(credits.clientRemaining)) of \(Self.count(credits.clientLimit)) requests left today")
            let reset = credits.userReset.map { ", resets \(RunListing.timestamp($0))" } ?? ""
            output.line("User:   \(Self.count(credits.userRemaining)) of \(Self.count(credits.userLimit)) requests left\(reset)")
        }
        return .success
    }

    private static func count(_ value: Int?) -> String {
        value.map(String.init) ?? "unknown"
    }
}

private struct CreditsDocument: Encodable {
    var clientLimit: Int?
    var clientRemaining: Int?
    var userLimit: Int?
    var userRemaining: Int?
    var userReset: Date?

    init(_ credits: ImgurCredits) {
        clientLimit = credits.clientLimit
        clientRemaining = credits.clientRemaining
        userLimit = credits.userLimit
        userRemaining = credits.userRemaining
        userReset = credits.userReset
    }

    enum CodingKeys: String, CodingKey {
        case clientLimit = "client_limit"
        case clientRemaining = "client_remaining"
        case userLimit = "user_limit"
        case userRemaining = "user_remaining"
        case userReset = "user_reset"
    }
}
