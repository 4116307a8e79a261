import Foundation

/// Settings of an `ImgurSandbox`: where it listens, its one registered client and user, and
/// the faults it injects.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks an ephemeral one.
    public var port: UInt16 = 0
    /// Folder for stored image bytes, created when missing.
    public var dataDirectory: URL
    public var clientID = "imgpipe-sandbox"
    public var clientSecret = "imgpipe-sandbox-secret"
    /// The one callback registered for the client: authorization redirects go here, and a
    /// `redirect_uri` parameter that differs in any byte is rejected.
    public var redirectURI = "http://localhost:3000/callback"
    /// Approve sign-in requests without showing the approval page.
    public var autoApprove = false
    /// Issue a new refresh token on every refresh and retire the old one.
    public var rotateRefreshTokens = false
    public var accessTokenLifetime: Duration = .seconds(3600)
    public var username = "sandbox_user"
    public var email = "sandbox_user@example.com"
    public var accountID = 1_000_001

    // Faults.

    /// Delay added before the response to every API and token request.
    public var latency: Duration = .zero
    /// When set (500 or 503), API requests fail with this status.
    public var failureStatus: Int?
    /// How many requests fail with `failureStatus` before the sandbox recovers; nil fails all.
    public var failureCount: Int?
    /// Send failures as HTML pages, as Imgur's CDN and proxies do, instead of JSON envelopes.
    public var htmlErrorPages = false
    /// Uploads accepted before every further upload gets 429; nil for no limit.
    public var uploadBudget: Int?
    /// Whose budget `uploadBudget` models, which decides the 429's rate-limit headers.
    public var rateLimitScope: RateLimitScope = .client

    public enum RateLimitScope: String, Sendable {
        case client
        case user
    }

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }
}
