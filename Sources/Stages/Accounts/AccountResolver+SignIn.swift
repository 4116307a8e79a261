import Foundation
import ImgurAdapter

extension AccountResolver {
    /// Stores the token pair of a new sign-in as the account's profile, replacing any earlier
    /// pair and sign-in problem.
    ///
    /// The profile records the fingerprint of the `IMGUR_REFRESH_TOKEN` set now, if any, so
    /// that the older pair in the environment does not seed over the new sign-in; a different
    /// value set later still seeds the store again.
    public func storeSignIn(_ tokens: ImgurTokens, account: String) async throws {
        let fingerprint = seedTokens()?.fingerprint
        try await store.update { document in
            document.accounts[account] = StoredAccount(tokens: tokens, seedFingerprint: fingerprint)
        }
    }
}
