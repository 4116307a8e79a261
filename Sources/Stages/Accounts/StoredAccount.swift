import Foundation
import ImgurAdapter

/// One account profile in `credentials.json`: its token pair, what Imgur reported about it and
/// whether it needs a new sign-in.
public struct StoredAccount: Codable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    public var expiresAt: Date?
    public var username: String?
    public var accountID: Int?
    /// When imgpipe last redeemed the refresh token, nil for a pair that was only seeded.
    public var lastRefresh: Date?
    /// Why the account needs a new sign-in, such as Imgur's "Invalid refresh token"; nil
    /// while the tokens are usable.
    public var signInProblem: String?
    /// SHA-256 of the `IMGUR_REFRESH_TOKEN` this entry was seeded from, so that a new value in
    /// the environment seeds the store again while the same value never overrides a rotation.
    public var seedFingerprint: String?
    /// The last rate-limit budget Imgur reported for this account.
    public var budget: StoredBudget?

    public init(tokens: ImgurTokens, seedFingerprint: String? = nil) {
        accessToken = tokens.accessToken
        refreshToken = tokens.refreshToken
        expiresAt = tokens.expiresAt
        username = tokens.accountUsername
        accountID = tokens.accountID
        self.seedFingerprint = seedFingerprint
    }

    public var tokens: ImgurTokens {
        ImgurTokens(accessToken: accessToken, refreshToken: refreshToken, expiresAt: expiresAt,
                    accountUsername: username, accountID: accountID)
    }

    /// Replaces the pair after a refresh and clears any earlier sign-in problem.
    mutating func apply(refreshed tokens: ImgurTokens, at date: Date) {
        accessToken = tokens.accessToken
        refreshToken = tokens.refreshToken
        expiresAt = tokens.expiresAt
        username = tokens.accountUsername ?? username
        accountID = tokens.accountID ?? accountID
        lastRefresh = date
        signInProblem = nil
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
        case username
        case accountID = "account_id"
        case lastRefresh = "last_refresh"
        case signInProblem = "sign_in_problem"
        case seedFingerprint = "seed_fingerprint"
        case budget
    }
}

/// Remaining request budget from Imgur's rate-limit headers, as last seen.
public struct StoredBudget: Codable, Sendable, Equatable {
    public var clientLimit: Int?
    public var clientRemaining: Int?
    public var userLimit: Int?
    public var userRemaining: Int?
    public var userReset: Date?
    public var observedAt: Date

    public init(_ rateLimit: ImgurRateLimit, observedAt: Date = Date()) {
        clientLimit = rateLimit.clientLimit
        clientRemaining = rateLimit.clientRemaining
        userLimit = rateLimit.userLimit
        userRemaining = rateLimit.userRemaining
        userReset = rateLimit.userReset
        self.observedAt = observedAt
    }

    enum CodingKeys: String, CodingKey {
        case clientLimit = "client_limit"
        case clientRemaining = "client_remaining"
        case userLimit = "user_limit"
        case userRemaining = "user_remaining"
        case userReset = "user_reset"
        case observedAt = "observed_at"
    }
}

extension StoredAccount: CustomStringConvertible {
    /// Describes the profile without either token, so that logging it leaks nothing.
    public var description: String {
        "StoredAccount(username: \(username ?? "unknown"), expiresAt: \(expiresAt.map { "\($0)" } ?? "unknown"), "
            + "signInRequired: \(signInProblem != nil))"
    }
}
