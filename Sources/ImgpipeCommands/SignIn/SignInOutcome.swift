import ImgurAdapter

/// The end of a sign-in wait.
enum SignInOutcome: Sendable {
    /// The tokens were stored; the username is the one Imgur reported, when it did.
    case signedIn(username: String?)
    /// Imgur sent an error for this login, such as `access_denied`; nothing was stored.
    case denied(String)
    /// The code, PIN or tokens could not be redeemed or stored.
    case failed(CommandFailure)
    case timedOut
}

/// What a callback or the user handed over, still to be redeemed for stored tokens.
enum SignInGrant: Sendable {
    case code(String)
    case pin(String)
    case tokens(ImgurTokens)
}

extension SignInOutcome {
    /// Redeems `grant` and returns the outcome: signed in, or failed with the error as a
    /// `CommandFailure` carrying imgpipe's exit code.
    static func redeeming(_ grant: SignInGrant, with redeem: SignInRedeemer.Redeem) async -> SignInOutcome {
        do {
            return .signedIn(username: try await redeem(grant))
        } catch let failure as CommandFailure {
            return .failed(failure)
        } catch {
            return .failed(CommandFailure("\(error)", exitCode: .itemsFailed))
        }
    }
}
