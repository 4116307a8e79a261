import Foundation
import ImgurAdapter

/// The token provider's refresh, coordinated through the token store so that processes sharing
/// one account redeem each refresh token once.
///
/// Under the store's lock it re-reads the account. When another process already rotated the
/// pair, that pair is returned without a request. Otherwise the refresh token is redeemed and the
/// new pair is on disk before the lock is released and before anyone uses the new access token.
/// A rejected refresh token marks the account as needing sign-in, and later refreshes fail at
/// once instead of sending the rejected token again.
struct StoreBackedRefresh: Sendable {
    let store: TokenStore
    let account: String

    func redeem(
        _ current: ImgurTokens,
        using redeemPair: @Sendable (ImgurTokens) async throws -> ImgurTokens
    ) async throws -> ImgurTokens {
        try await store.withLock {
            let stored = try await store.account(account)
            if let stored, let problem = stored.signInProblem {
                throw Self.signInRequired(problem, account: account)
            }
            if let stored, stored.accessToken != current.accessToken, !Self.isExpiring(stored) {
                return stored.tokens
            }

            let pair = stored?.tokens ?? current
            let fresh: ImgurTokens
            do {
                fresh = try await redeemPair(pair)
            } catch let error as ImgurError where error.kind == .signInRequired && error.status != nil {
                try await markSignInRequired(error.detail)
                throw error
            }
            try await save(fresh)
            return fresh
        }
    }

    private func save(_ fresh: ImgurTokens) async throws {
        let account = self.account
        let now = Date()
        try await store.modify { document in
            var entry = document.accounts[account] ?? StoredAccount(tokens: fresh)
            entry.apply(refreshed: fresh, at: now)
            document.accounts[account] = entry
        }
    }

    private func markSignInRequired(_ problem: String) async throws {
        let account = self.account
        try await store.modify { document in
            document.accounts[account]?.signInProblem = problem
        }
    }

    /// Whether a pair needs refreshing already, with the provider's one-minute margin.
    static func isExpiring(_ stored: StoredAccount, now: Date = Date()) -> Bool {
        guard let expiresAt = stored.expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) < 60
    }

    static func signInRequired(_ problem: String, account: String) -> ImgurError {
        ImgurError(kind: .signInRequired,
                   detail: "sign-in required for Imgur account '\(account)': \(problem)",
                   request: "POST /oauth2/token")
    }
}
