/// An error a stage throws with what the runner needs to decide what happens next.
public protocol ClassifiedError: Error, CustomStringConvertible {
    /// Whether trying the same item again may succeed (a timeout, a 503).
    var isRetryable: Bool { get }
    /// The wait the remote side asked for, when it named one.
    var retryAfter: Duration? { get }
    /// Set when the problem is not the item's but the run's (sign-in needed, budget spent):
    /// the runner then stops taking new items.
    var stopsRun: RunStopReason? { get }
}

extension ClassifiedError {
    public var retryAfter: Duration? { nil }
    public var stopsRun: RunStopReason? { nil }
}

/// A plain stage error with a message that names the value and the fix.
public struct StageError: ClassifiedError {
    public let message: String
    public let isRetryable: Bool
    public let retryAfter: Duration?
    public let stopsRun: RunStopReason?

    public init(_ message: String, retryable: Bool = false, retryAfter: Duration? = nil, stopsRun: RunStopReason? = nil) {
        self.message = message
        self.isRetryable = retryable
        self.retryAfter = retryAfter
        self.stopsRun = stopsRun
    }

    public var description: String { message }
}

/// Why a run as a whole cannot go on; the command line maps each to its exit code.
public enum RunStopReason: Sendable, Hashable {
    /// No usable Imgur credentials, or the refresh token was rejected (exit 3).
    case signInRequired(String)
    /// Imgur's budget is spent (exit 4).
    case rateLimited(String)
    /// Imgur cannot be reached or kept failing (exit 5).
    case imgurUnavailable(String)

    public var message: String {
        switch self {
        case .signInRequired(let message), .rateLimited(let message), .imgurUnavailable(let message):
            message
        }
    }
}

/// Thrown by the runner when a run stopped for a reason that is not one item's.
public struct RunStopped: Error, CustomStringConvertible {
    public let reason: RunStopReason
    public let summary: RunSummary?

    public var description: String { reason.message }
}
