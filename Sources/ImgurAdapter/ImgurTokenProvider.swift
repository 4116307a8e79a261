import Foundation

/// Owner of one account's tokens: hands out the access token, refreshes it once for all
/// concurrent callers, and persists every new pair before anyone uses it.
public actor ImgurTokenProvider {
    public typealias PersistHook = @Sendable (ImgurTokens) async throws -> Void
    /// Wraps the redemption of a refresh token: it receives the pair the provider holds and a
    /// function that redeems it, and returns the pair to use. A store shared between processes
    /// uses it to lock, and to return a pair another process already rotated instead of
    /// redeeming the old refresh token a second time.
    public typealias RedeemHook = @Sendable (ImgurTokens, @Sendable (ImgurTokens) async throws -> ImgurTokens) async throws -> ImgurTokens

    public private(set) var tokens: ImgurTokens

    private let endpoint: ImgurTokenEndpoint
    private let persist: PersistHook
    private let redeem: RedeemHook?
    private var inFlightRefresh: Task<ImgurTokens, any Error>?

    /// How long before the local expiry `accessToken()` refreshes proactively.
    static let expiryMargin: TimeInterval = 60

    public init(
        configuration: ImgurConfiguration,
        tokens: ImgurTokens,
        persist: @escaping PersistHook = { _ in },
        redeem: RedeemHook? = nil
    ) {
        self.tokens = tokens
        self.endpoint = ImgurTokenEndpoint(configuration: configuration, transport: ImgurTransport(configuration: configuration))
        self.persist = persist
        self.redeem = redeem
    }

    /// Returns the current access token, refreshing first when it expires within a minute.
    public func accessToken() async throws -> String {
        if let expiresAt = tokens.expiresAt, expiresAt.timeIntervalSinceNow < Self.expiryMargin {
            return try await refresh(rejected: tokens.accessToken)
        }
        return tokens.accessToken
    }

    /// Returns an access token newer than `rejected`. Concurrent callers that saw the same
    /// rejected token share one refresh request, and the persist hook receives the new pair
    /// before any caller gets the new access token. A rejected refresh token throws
    /// `.signInRequired`. An error from the persist hook is rethrown as it is. The new pair is
    /// still kept in memory, because Imgur may already have retired the old refresh token.
    public func refresh(rejected: String) async throws -> String {
        if rejected != tokens.accessToken {
            return tokens.accessToken
        }
        if let inFlightRefresh {
            return try await inFlightRefresh.value.accessToken
        }

        let task = Task { try await self.performRefresh() }
        inFlightRefresh = task
        return try await task.value.accessToken
    }

    private func performRefresh() async throws -> ImgurTokens {
        defer { inFlightRefresh = nil }

        let endpoint = self.endpoint
        let fresh: ImgurTokens
        if let redeem {
            fresh = try await redeem(tokens) { try await endpoint.refresh($0) }
        } else {
            fresh = try await endpoint.refresh(tokens)
        }

        // Until the hook returns, callers keep getting the old token (or wait for this task).
        do {
            try await persist(fresh)
        } catch {
            tokens = fresh
            throw error
        }
        tokens = fresh
        return fresh
    }
}
