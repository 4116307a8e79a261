import Foundation
import ImgurAdapter
import Synchronization

/// Holds uploads back while Imgur's budget is spent or nearly spent, shared by every upload of a
/// process.
///
/// A 429 pauses until the reset its headers name, else the wait its message names ("Please
/// wait 37 more minutes."), else an exponential wait that starts at one minute. A client budget
/// below `reserve` (a fraction of the limit) pauses until the client budget resets, because five
/// daily overruns in a month block the client id for the rest of the month.
public final class RateLimitGate: Sendable {
    /// Why and until when uploads are held back.
    public struct Pause: Sendable, Equatable {
        public var until: Date
        public var reason: String
    }

    /// Default reserve: pause when less than 5% of the client budget is left.
    public static let defaultReserve = 0.05
    /// The wait after a 429 that names no reset; it doubles with each further 429.
    static let firstUnknownWait: Duration = .seconds(60)
    static let longestUnknownWait: Duration = .seconds(3600)

    public let reserve: Double

    /// The longest pause a caller waits out; a longer one is thrown as `RateLimitPauseTooLong`.
    /// One-shot commands set it so that they exit with the time to wait instead of sleeping.
    public let longestWait: Duration?
    private let state = Mutex(State())

    private struct State {
        var pause: Pause?
        var consecutiveRateLimits = 0
        /// Whether a waiter reported the current pause, so it is reported once.
        var announced = false
        var clientRemaining: Int?
    }

    /// The client requests left according to the last response that reported them, for metrics.
    public var clientRemaining: Int? {
        state.withLock { $0.clientRemaining }
    }

    public init(reserve: Double = RateLimitGate.defaultReserve, longestWait: Duration? = nil) {
        self.reserve = min(max(reserve, 0), 1)
        self.longestWait = longestWait
    }

    /// Reads the reserve from `IMGPIPE_RATE_LIMIT_RESERVE`, a percentage such as `5` or `5%`.
    public static func reserve(from environment: [String: String]) throws -> Double {
        guard let text = environment["IMGPIPE_RATE_LIMIT_RESERVE"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return defaultReserve
        }
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let percent = Double(number), (0...100).contains(percent) else {
            throw RateLimitSettingError("invalid IMGPIPE_RATE_LIMIT_RESERVE '\(text)': use a percentage from 0 to 100, such as 5")
        }
        return percent / 100
    }

    /// The current pause, nil while uploads may go ahead.
    public func currentPause(now: Date = Date()) -> Pause? {
        state.withLock { state in
            guard let pause = state.pause, pause.until > now else { return nil }
            return pause
        }
    }

    /// Records a 429 and returns the pause it causes.
    @discardableResult
    public func recordRateLimited(_ error: ImgurError, now: Date = Date()) -> Pause {
        state.withLock { state in
            state.consecutiveRateLimits += 1
            let wait = error.retryAfter ?? Self.waitNamed(in: error.detail) ?? Self.unknownWait(after: state.consecutiveRateLimits)
            let pause = Pause(until: now.addingTimeInterval(wait.seconds), reason: Self.reason(for: error))
            state.pause = Self.later(state.pause, pause)
            return state.pause!
        }
    }

    /// Records the budget headers of a successful response; returns a new pause when the client
    /// budget fell below the reserve.
    @discardableResult
    public func recordSuccess(_ rateLimit: ImgurRateLimit?, now: Date = Date()) -> Pause? {
        state.withLock { state in
            state.consecutiveRateLimits = 0
            state.clientRemaining = rateLimit?.clientRemaining ?? state.clientRemaining
            guard let rateLimit, let limit = rateLimit.clientLimit, let remaining = rateLimit.clientRemaining,
                  limit > 0, Double(remaining) < Double(limit) * reserve
            else { return nil }

            let until = rateLimit.clientReset ?? now.addingTimeInterval(Self.longestUnknownWait.seconds)
            let reason = "the client budget is down to \(remaining) of \(limit) requests, below the reserve of "
                + "\(Int((reserve * 100).rounded()))%"
            let pause = Pause(until: until, reason: reason)
            let isNew = state.pause.map { $0.until < now } ?? true
            state.pause = Self.later(state.pause, pause)
            return isNew ? pause : nil
        }
    }

    /// Suspends until no pause is in force; a pause extended meanwhile is waited out too.
    /// `onPause` and `onResume` run once per pause, for the first waiter that sees it begin
    /// and the first that sees it end.
    public func waitUntilOpen(
        onPause: (Pause) async throws -> Void = { _ in },
        onResume: () async throws -> Void = {}
    ) async throws {
        while let pause = currentPause() {
            if let longestWait, pause.until.timeIntervalSinceNow > longestWait.seconds {
                throw RateLimitPauseTooLong(pause: pause)
            }
            if claimAnnouncement() {
                try await onPause(pause)
            }
            try await Task.sleep(for: .seconds(max(pause.until.timeIntervalSinceNow, 0.01)))
        }
        if claimResumption() {
            try await onResume()
        }
    }

    private func claimAnnouncement() -> Bool {
        state.withLock { state in
            defer { state.announced = true }
            return !state.announced
        }
    }

    private func claimResumption() -> Bool {
        state.withLock { state in
            guard state.announced, state.pause.map({ $0.until <= Date() }) ?? true else { return false }
            state.announced = false
            return true
        }
    }

    /// Reads a wait from Imgur's message, such as "Please wait 37 more minutes.".
    static func waitNamed(in message: String) -> Duration? {
        let pattern = /wait\s+(\d+)\s+more\s+(second|minute|hour)s?/.ignoresCase()
        guard let match = message.firstMatch(of: pattern), let count = Int(match.1) else { return nil }
        switch match.2.lowercased() {
        case "hour": return .seconds(count * 3600)
        case "minute": return .seconds(count * 60)
        default: return .seconds(count)
        }
    }

    static func unknownWait(after rateLimits: Int) -> Duration {
        let doublings = min(max(rateLimits - 1, 0), 12)
        return min(firstUnknownWait * (1 << doublings), longestUnknownWait)
    }

    /// Explains the pause, suggesting an own client id when the shared client budget is spent.
    public static func reason(for error: ImgurError) -> String {
        let answer = "Imgur answered 429 Too Many Requests"
        guard error.scope == .client else { return answer }
        return answer + ": the client id's daily budget is spent; register your own client id at "
            + "https://api.imgur.com/oauth2/addclient and set IMGUR_CLIENT_ID to get a budget of your own"
    }

    private static func later(_ current: Pause?, _ new: Pause) -> Pause {
        guard let current, current.until > new.until else { return new }
        return current
    }
}

/// A pause longer than the gate's `longestWait`.
public struct RateLimitPauseTooLong: Error, Sendable, CustomStringConvertible {
    public let pause: RateLimitGate.Pause

    public var description: String {
        let minutes = Int((pause.until.timeIntervalSinceNow / 60).rounded(.up))
        let time = ISO8601DateFormatter().string(from: pause.until)
        return "Imgur rate limit: \(pause.reason); uploads can resume at \(time) (in about \(max(minutes, 1)) min)"
    }
}

/// An invalid rate-limit setting.
public struct RateLimitSettingError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
