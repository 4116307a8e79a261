import Foundation
import Synchronization

/// Everything the sandbox remembers: tokens, codes, images, albums and counters. All access
/// goes through one lock, because handlers run concurrently.
final class SandboxStore: Sendable {
    struct AccessToken {
        var expiresAt: Date
        var revoked = false
    }

    struct Album {
        var id: String
        var deletehash: String
        var title: String?
        var accountID: Int
    }

    struct State {
        var accessTokens: [String: AccessToken] = [:]
        /// Refresh tokens in use; rotated-away ones move to `retiredRefreshTokens`.
        var refreshTokens: Set<String> = []
        var retiredRefreshTokens: Set<String> = []
        /// Authorization codes and PINs not yet exchanged; each works once.
        var codes: Set<String> = []
        var pins: Set<String> = []
        var images: [String: SandboxImage] = [:]
        var albums: [String: Album] = [:]
        var tokenRequests = 0
        var uploads = 0
        var failuresServed = 0
        /// Set by `ImgurSandbox.recover()`: no further injected failures.
        var recovered = false
        /// Requests in the current hour (the user budget and the POST budget) and day (the
        /// client budget), counted from the window's start.
        var hourStart = Date()
        var dayStart = Date()
        var hourlyRequests = 0
        var hourlyPosts = 0
        var dailyRequests = 0
    }

    private let state = Mutex(State())

    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    /// Mints an access and refresh token pair valid for `lifetime`.
    func issueTokens(lifetime: Duration) -> (accessToken: String, refreshToken: String) {
        let pair = (accessToken: RandomID.token(), refreshToken: RandomID.token())
        let expiresAt = Date().addingTimeInterval(TimeInterval(lifetime.components.seconds))
        withState { state in
            state.accessTokens[pair.accessToken] = AccessToken(expiresAt: expiresAt)
            state.refreshTokens.insert(pair.refreshToken)
        }
        return pair
    }

    enum RefreshOutcome {
        case unknown
        /// The token was valid once but was replaced by rotation.
        case retired
        case refreshed(accessToken: String, refreshToken: String)
    }

    /// Checks `refreshToken` and mints a new access token in one step, so that concurrent
    /// refreshes of a rotated token cannot both succeed.
    func refresh(_ refreshToken: String, lifetime: Duration, rotate: Bool) -> RefreshOutcome {
        let expiresAt = Date().addingTimeInterval(TimeInterval(lifetime.components.seconds))
        return withState { state in
            guard state.refreshTokens.contains(refreshToken) else {
                return state.retiredRefreshTokens.contains(refreshToken) ? .retired : .unknown
            }
            let accessToken = RandomID.token()
            state.accessTokens[accessToken] = AccessToken(expiresAt: expiresAt)
            guard rotate else {
                return .refreshed(accessToken: accessToken, refreshToken: refreshToken)
            }

            let newRefreshToken = RandomID.token()
            state.refreshTokens.remove(refreshToken)
            state.retiredRefreshTokens.insert(refreshToken)
            state.refreshTokens.insert(newRefreshToken)
            return .refreshed(accessToken: accessToken, refreshToken: newRefreshToken)
        }
    }

    /// True when `token` was issued, is not revoked and has not expired.
    func isValidAccessToken(_ token: String) -> Bool {
        withState { state in
            guard let record = state.accessTokens[token] else { return false }
            return !record.revoked && record.expiresAt > Date()
        }
    }

    func revokeAccessTokens() {
        withState { state in
            for token in state.accessTokens.keys {
                state.accessTokens[token]?.revoked = true
            }
        }
    }

    /// Finds an image by id or by deletehash.
    func image(idOrDeleteHash key: String) -> SandboxImage? {
        withState { state in
            state.images[key] ?? state.images.values.first { $0.deletehash == key }
        }
    }
}
