import Foundation

/// An access and refresh token pair for one Imgur account, with what the token endpoint
/// reported about it.
public struct ImgurTokens: Sendable, Codable, Equatable {
    public var accessToken: String
    public var refreshToken: String

    /// Local expiry computed from `expires_in`; a hint only, because Imgur may reject a token
    /// earlier.
    public var expiresAt: Date?
    public var accountUsername: String?
    public var accountID: Int?

    public init(
        accessToken: String,
        refreshToken: String,
        expiresAt: Date? = nil,
        accountUsername: String? = nil,
        accountID: Int? = nil
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.accountUsername = accountUsername
        self.accountID = accountID
    }
}

extension ImgurTokens: CustomStringConvertible {
    /// Describes the pair without either token, so that logging it leaks nothing.
    public var description: String {
        "ImgurTokens(account: \(accountUsername ?? "unknown"), expiresAt: \(expiresAt.map { "\($0)" } ?? "unknown"))"
    }
}
