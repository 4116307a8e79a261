import Foundation
import Stages

/// `imgpipe auth status`: show the stored account profiles without their tokens.
public struct AuthStatusCommand: Command {
    public let spec = CommandSpec(
        "auth status",
        summary: "Show the stored Imgur account profiles: username, token expiry, last refresh and budget.",
        discussion: "Tokens are never shown. With --account only that profile is listed.",
        options: [
            .flag("json", help: "Print the profiles as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let environment = try invocation.effectiveEnvironment()
        let store = TokenStore(configDirectory: invocation.locations.configDirectory)
        let document = try await ImgurCommandContext.mapFailures { try await store.document() }
        var accounts = document.accounts
        if invocation.global.accountFlag != nil {
            let name = invocation.accountName(in: environment)
            accounts = accounts.filter { $0.key == name }
        }
        let statuses = accounts.keys.sorted().map { AccountStatus(name: $0, accounts[$0]!) }

        if invocation.wantsJSON {
            try invocation.printJSON(["accounts": statuses])
        } else if statuses.isEmpty {
            invocation.standardOutput.line("No stored Imgur accounts in \(store.path); set IMGUR_ACCESS_TOKEN and IMGUR_REFRESH_TOKEN to seed one.")
        } else {
            statuses.forEach { invocation.standardOutput.line($0.text) }
        }
        return statuses.contains { $0.signInRequired } ? .signInRequired : .success
    }
}

/// One profile as `auth status` shows it: everything but the tokens.
struct AccountStatus: Encodable {
    var account: String
    var username: String?
    var expiresAt: Date?
    var lastRefresh: Date?
    var signInRequired: Bool
    var signInProblem: String?
    var budget: StoredBudget?

    init(name: String, _ stored: StoredAccount) {
        account = name
        username = stored.username
        expiresAt = stored.expiresAt
        lastRefresh = stored.lastRefresh
        signInRequired = stored.signInProblem != nil
        signInProblem = stored.signInProblem
        budget = stored.budget
    }

    var text: String {
        var lines = ["\(account): " + (username ?? "username unknown until the first refresh or whoami")]
        lines.append("  token expires: " + (expiresAt.map(RunListing.timestamp) ?? "unknown"))
        lines.append("  last refresh:  " + (lastRefresh.map(RunListing.timestamp) ?? "never"))
        if let budget {
            lines.append("  budget:        client \(Self.count(budget.clientRemaining)) of \(Self.count(budget.clientLimit)), "
                + "user \(Self.count(budget.userRemaining)) of \(Self.count(budget.userLimit)) "
                + "(as of \(RunListing.timestamp(budget.observedAt)))")
        } else {
            lines.append("  budget:        unknown until the next request")
        }
        if let signInProblem {
            lines.append("  sign-in required: \(signInProblem)")
        }
        return lines.joined(separator: "\n")
    }

    private static func count(_ value: Int?) -> String {
        value.map(String.init) ?? "?"
    }

    enum CodingKeys: String, CodingKey {
        case account, username, budget
        case expiresAt = "expires_at"
        case lastRefresh = "last_refresh"
        case signInRequired = "sign_in_required"
        case signInProblem = "sign_in_problem"
    }
}
