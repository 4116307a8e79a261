import Foundation

/// Remaining request budget as reported by `GET /3/credits`.
public struct ImgurCredits: Sendable, Codable, Equatable {
    public var userLimit: Int?
    public var userRemaining: Int?
    /// When the user budget resets.
    public var userReset: Date?
    public var clientLimit: Int?
    public var clientRemaining: Int?

    public init(userLimit: Int? = nil, userRemaining: Int? = nil, userReset: Date? = nil,
                clientLimit: Int? = nil, clientRemaining: Int? = nil) {
        self.userLimit = userLimit
        self.userRemaining = userRemaining
        self.userReset = userReset
        self.clientLimit = clientLimit
        self.clientRemaining = clientRemaining
    }

    /// Reads the `data` object of `/3/credits`, whose keys are capitalized (`UserLimit`).
    init(json data: JSONValue, now: Date = Date()) {
        userLimit = data["UserLimit"]?.intValue
        userRemaining = data["UserRemaining"]?.intValue
        userReset = data["UserReset"]?.intValue.map { ImgurRateLimit.resetDate(fromHeaderValue: $0, now: now) }
        clientLimit = data["ClientLimit"]?.intValue
        clientRemaining = data["ClientRemaining"]?.intValue
    }
}
