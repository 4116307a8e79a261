import Crypto
import Foundation
import ImgurAdapter
import Pipeline

/// Finds the tokens of an account profile in the token store, seeding the store from
/// `IMGUR_ACCESS_TOKEN` and `IMGUR_REFRESH_TOKEN`, and builds a session whose refreshes go
/// through the store.
///
/// The store wins over the environment once seeded: a refresh token rotated on disk is not
/// replaced by the older value still in the environment. A different `IMGUR_REFRESH_TOKEN`
/// (the user signed in again elsewhere) seeds the store again.
public struct AccountResolver: Sendable {
    public let store: TokenStore
    public let environment: [String: String]

    public init(store: TokenStore, environment: [String: String]) {
        self.store = store
        self.environment = environment
    }

    /// The store for the config directory named by the environment (`IMGPIPE_CONFIG_DIR`,
    /// `XDG_CONFIG_HOME` or the home folder).
    public init(environment: [String: String]) {
        let locations = Locations(environment: environment)
        self.init(store: TokenStore(configDirectory: locations.configDirectory), environment: environment)
    }

    /// Returns the usable stored account, after seeding it from the environment when needed.
    /// Throws `.signInRequired` when there are no tokens, or the refresh token was rejected.
    public func storedAccount(_ name: String) async throws -> StoredAccount {
        let seed = seedTokens()
        let entry = try await store.update { document -> StoredAccount? in
            if let seed, document.accounts[name]?.seedFingerprint != seed.fingerprint {
                document.accounts[name] = StoredAccount(tokens: seed.tokens, seedFingerprint: seed.fingerprint)
            }
            return document.accounts[name]
        }
        guard let entry else {
            throw ImgurError(kind: .signInRequired,
                             detail: "sign-in required for Imgur account '\(name)': no tokens in \(store.path); set "
                                 + "IMGUR_ACCESS_TOKEN and IMGUR_REFRESH_TOKEN to seed them, or upload anonymously")
        }
        if let problem = entry.signInProblem {
            throw StoreBackedRefresh.signInRequired(problem, account: name)
        }
        return entry
    }

    /// A session signed in as `name`, whose token provider refreshes through the store.
    public func session(for name: String, configuration: ImgurConfiguration) async throws -> ImgurSSO {
        ImgurSSO(configuration: configuration, tokenProvider: try await tokenProvider(for: name, configuration: configuration))
    }

    public func tokenProvider(for name: String, configuration: ImgurConfiguration) async throws -> ImgurTokenProvider {
        let entry = try await storedAccount(name)
        let refresh = StoreBackedRefresh(store: store, account: name)
        return ImgurTokenProvider(configuration: configuration, tokens: entry.tokens, redeem: { current, redeemPair in
            try await refresh.redeem(current, using: redeemPair)
        })
    }

    func seedTokens() -> (tokens: ImgurTokens, fingerprint: String)? {
        guard let access = nonEmpty(environment["IMGUR_ACCESS_TOKEN"]),
              let refresh = nonEmpty(environment["IMGUR_REFRESH_TOKEN"])
        else { return nil }
        let fingerprint = SHA256.hash(Data(refresh.utf8)).hex
        return (ImgurTokens(accessToken: access, refreshToken: refresh), fingerprint)
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
