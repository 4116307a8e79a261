import Foundation

/// The signed-in account: the username from `/3/account/me` (`data.url`) and the email from
/// `/3/account/me/settings`, which Imgur may omit.
public struct ImgurUserInfo: Sendable, Codable, Equatable {
    public var username: String
    public var accountID: Int?
    public var email: String?

    public init(username: String, accountID: Int? = nil, email: String? = nil) {
        self.username = username
        self.accountID = accountID
        self.email = email
    }
}
