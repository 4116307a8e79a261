import Foundation

/// A failed Imgur request, classified so that callers can decide whether to retry, wait or ask
/// the user to sign in. The detail never contains a token or the client secret.
public struct ImgurError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The access token was rejected again right after a refresh; sign in again.
        case tokenRejected
        /// No usable credentials: the refresh token or code was rejected, or none is configured.
        case signInRequired
        /// The request itself is wrong (bad parameter, file type or size); do not retry.
        case rejected
        /// A rate limit is spent; wait until `retryAfter` when known.
        case rateLimited
        /// Imgur failed on its side; retry with backoff.
        case serverError
        /// A response that none of the known shapes explain.
        case unexpectedResponse
        /// The request did not complete: connection failure or deadline passed.
        case transport
    }

    public let kind: Kind
    /// HTTP status of the response, nil when none arrived.
    public let status: Int?
    /// Imgur's message, or a description of the failure; never a token or secret.
    public let detail: String
    /// Imgur's numeric error code, such as 1003 for an invalid file type.
    public let code: Int?
    /// Time until the spent rate limit resets, when the response headers contain the reset.
    public let retryAfter: Duration?
    /// Whose budget is spent, for `rateLimited` errors whose headers showed it.
    public let scope: ImgurRateLimitScope?
    /// The request as `METHOD /path`, without query or credentials.
    public let request: String?

    public init(
        kind: Kind,
        status: Int? = nil,
        detail: String,
        code: Int? = nil,
        retryAfter: Duration? = nil,
        scope: ImgurRateLimitScope? = nil,
        request: String? = nil
    ) {
        self.kind = kind
        self.status = status
        self.detail = detail
        self.code = code
        self.retryAfter = retryAfter
        self.scope = scope
        self.request = request
    }

    /// True for failures that may succeed later: rate limits (after waiting), server errors
    /// and transport failures.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .serverError, .transport:
            return true
        case .tokenRejected, .signInRequired, .rejected, .unexpectedResponse:
            return false
        }
    }

    public var description: String {
        var parts = [request.map { "Imgur request \($0) failed" } ?? "Imgur request failed"]
        if let status {
            parts.append("HTTP \(status)")
        }
        if let code {
            parts.append("code \(code)")
        }
        return parts.joined(separator: ", ") + ": \(detail). \(advice)"
    }

    private var advice: String {
        switch kind {
        case .tokenRejected, .signInRequired:
            return "Sign in again (imgpipe auth login)."
        case .rejected:
            return "Fix the request or the file; retrying will not help."
        case .rateLimited:
            let whose = scope.map { "the \($0.rawValue) rate limit is spent" } ?? "rate limited"
            let until = retryAfter.map { ", resets in about \($0.components.seconds) s" } ?? ""
            return "Wait before retrying (\(whose)\(until))."
        case .serverError:
            return "Imgur failed on its side; retry later."
        case .unexpectedResponse:
            return "Check IMGUR_API_URL points at Imgur or the sandbox."
        case .transport:
            return "Check the network and IMGUR_API_URL, then retry."
        }
    }
}
