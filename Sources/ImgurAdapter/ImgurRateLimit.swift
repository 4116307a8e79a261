import Foundation

/// Whose rate-limit budget a 429 spent.
public enum ImgurRateLimitScope: String, Sendable, Equatable {
    /// The client id's daily budget, shared by every user of the application.
    case client
    /// The per-user or per-IP budget, including the hourly POST limit.
    case user
}

/// Rate-limit counters from the `X-RateLimit-*` and `X-Post-Rate-Limit-*` headers of the last
/// response that carried any. Reset times are absolute whichever form the header used.
public struct ImgurRateLimit: Sendable, Equatable {
    public var userLimit: Int?
    public var userRemaining: Int?
    public var userReset: Date?
    public var clientLimit: Int?
    public var clientRemaining: Int?
    public var clientReset: Date?
    public var postLimit: Int?
    public var postRemaining: Int?
    public var postReset: Date?

    /// Reads the headers (names compared without case); nil when none is present.
    public init?(headers: [String: String], now: Date = Date()) {
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { _, last in last }
        func integer(_ name: String) -> Int? {
            lowered[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        func reset(_ name: String) -> Date? {
            integer(name).map { Self.resetDate(fromHeaderValue: $0, now: now) }
        }

        userLimit = integer("x-ratelimit-userlimit")
        userRemaining = integer("x-ratelimit-userremaining")
        userReset = reset("x-ratelimit-userreset")
        clientLimit = integer("x-ratelimit-clientlimit")
        clientRemaining = integer("x-ratelimit-clientremaining")
        clientReset = reset("x-ratelimit-clientreset")
        postLimit = integer("x-post-rate-limit-limit")
        postRemaining = integer("x-post-rate-limit-remaining")
        postReset = reset("x-post-rate-limit-reset")

        let values: [Any?] = [userLimit, userRemaining, userReset, clientLimit, clientRemaining,
                              clientReset, postLimit, postRemaining, postReset]
        if values.allSatisfy({ $0 == nil }) {
            return nil
        }
    }

    /// Converts a reset header value: Imgur has sent both epoch seconds and seconds from now,
    /// so a value below 10^9 (September 2001 as an epoch time) is taken as relative.
    static func resetDate(fromHeaderValue value: Int, now: Date) -> Date {
        value < 1_000_000_000 ? now.addingTimeInterval(TimeInterval(value)) : Date(timeIntervalSince1970: TimeInterval(value))
    }

    /// The budget that is spent, preferring the client's because it blocks every user.
    var exhaustedScope: ImgurRateLimitScope? {
        if clientRemaining == 0 {
            return .client
        }
        if userRemaining == 0 || postRemaining == 0 {
            return .user
        }
        return nil
    }

    /// Time until the spent budget resets, when its reset is known.
    func timeUntilReset(of scope: ImgurRateLimitScope?, now: Date = Date()) -> Duration? {
        let resetDate: Date?
        switch scope {
        case .client:
            resetDate = clientReset
        case .user:
            resetDate = userRemaining == 0 ? userReset : (postReset ?? userReset)
        case nil:
            resetDate = nil
        }
        guard let resetDate else { return nil }
        return .seconds(max(0, resetDate.timeIntervalSince(now).rounded(.up)))
    }
}
