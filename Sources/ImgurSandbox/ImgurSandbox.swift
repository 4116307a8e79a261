import Foundation
import HTTPServer

/// An Imgur-compatible API server on loopback, for tests and the demo: OAuth 2.0 sign-in,
/// account, upload, album, delete and credits endpoints, in the response shapes Imgur uses,
/// with injectable latency, failures and rate limits.
public final class ImgurSandbox: Sendable {
    private let server: HTTPServer
    private let store: SandboxStore
    private let configuration: SandboxConfiguration

    /// Creates the data directory and starts serving at once.
    public init(configuration: SandboxConfiguration) throws {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = SandboxStore()
        let router = SandboxRouter(configuration: configuration, store: store)

        // The largest upload is a 200,000,000-byte video plus the multipart framing.
        server = try HTTPServer(host: configuration.host, port: configuration.port, maxBodyBytes: 210_000_000) { request in
            await router.route(request)
        }
        self.store = store
        self.configuration = configuration
        router.baseURL.set(server.baseURL)
    }

    public var baseURL: URL { server.baseURL }
    public var port: UInt16 { server.port }

    public func stop() {
        server.stop()
    }

    /// Returns every stored upload, oldest first.
    public func storedImages() -> [SandboxImage] {
        store.withState { Array($0.images.values) }.sorted { ($0.datetime, $0.id) < ($1.datetime, $1.id) }
    }

    /// Mints a valid token pair for the configured user, as a completed sign-in would.
    public func issueTokens() -> (accessToken: String, refreshToken: String) {
        store.issueTokens(lifetime: configuration.accessTokenLifetime)
    }

    /// Number of requests the token endpoint served (code, PIN and refresh grants, failed ones
    /// included).
    public func tokenRequestCount() -> Int {
        store.withState { $0.tokenRequests }
    }

    /// Ends the injected failures now, whatever count is left, so later requests get real responses.
    public func recover() {
        store.withState { $0.recovered = true }
    }

    /// Returns how many requests got the injected failure status so far.
    public func failuresServed() -> Int {
        store.withState { $0.failuresServed }
    }

    /// Makes every access token issued so far invalid, so that API calls with one get 403
    /// "The access token provided is invalid." Refresh tokens keep working.
    public func expireAccessTokens() {
        store.revokeAccessTokens()
    }
}
