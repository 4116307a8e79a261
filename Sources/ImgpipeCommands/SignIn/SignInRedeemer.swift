import Foundation
import ImgurAdapter
import Stages
import Synchronization

/// Turns a code, PIN or token pair from a sign-in into stored tokens for one account profile.
struct SignInRedeemer: Sendable {
    /// Redeems a grant and returns the username Imgur reported, when it did.
    typealias Redeem = @Sendable (SignInGrant) async throws -> String?

    let configuration: ImgurConfiguration
    let resolver: AccountResolver
    let account: String
    /// Sent with the code exchange only when configured, byte-identical to the authorize request's.
    let redirectURI: String?

    /// Exchanges the grant when it needs the token endpoint, stores the pair, and returns the
    /// username. Failures are thrown as `CommandFailure`s with imgpipe's exit codes.
    func redeem(_ grant: SignInGrant) async throws -> String? {
        try await ImgurCommandContext.mapFailures {
            let tokens = try await exchange(grant)
            try await resolver.storeSignIn(tokens, account: account)
            return tokens.accountUsername
        }
    }

    private func exchange(_ grant: SignInGrant) async throws -> ImgurTokens {
        // The adapter hands the exchanged pair to its persist hook before returning a session.
        // The hook only keeps the pair, and `redeem` stores it with the rest of the profile.
        let exchanged = Mutex<ImgurTokens?>(nil)
        let keep: ImgurTokenProvider.PersistHook = { tokens in exchanged.withLock { $0 = tokens } }

        switch grant {
        case .tokens(let tokens):
            return tokens
        case .code(let code):
            _ = try await imgurSSO(authorizationCode: code, redirectURI: redirectURI, configuration: configuration, persist: keep)
        case .pin(let pin):
            _ = try await imgurSSO(pin: pin, configuration: configuration, persist: keep)
        }
        guard let tokens = exchanged.withLock({ $0 }) else {
            throw CommandFailure("Imgur's token endpoint returned no tokens for the sign-in; run 'imgpipe auth login' again",
                                 exitCode: .signInRequired)
        }
        return tokens
    }
}
