import HTTPServer
import Pipeline

/// Responds to each request to the sign-in listener: redeems the first genuine callback, logs a
/// warning for everything else and keeps waiting for the real callback.
struct CallbackResponder: Sendable {
    let classifier: CallbackClassifier
    let latch: SignInLatch
    let redeem: SignInRedeemer.Redeem
    let logger: Logger
    /// True under `serve`, whose callback a browser on another machine reaches; the state
    /// check still rejects callbacks of any other login.
    var acceptsOtherMachines = false

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard acceptsOtherMachines || Self.isLoopback(request.remoteAddress) else {
            logger.warning("ignored a sign-in request from another machine", ["remote_address": request.remoteAddress])
            return SignInPages.message(status: 403, title: "Not allowed", text: "The sign-in listener accepts requests from this machine only.")
        }

        switch classifier.classify(request) {
        case .fragmentPage:
            return SignInPages.fragmentPage()
        case .code(let code):
            return await complete(.code(code))
        case .tokens(let tokens):
            return await complete(.tokens(tokens))
        case .denied(let error):
            return deny(error)
        case .wrongPath("/favicon.ico"):
            // Browsers request an icon on their own; that is no sign of a forged callback.
            return SignInPages.message(status: 404, title: "Not found", text: "The sign-in listener serves no icon.")
        case let rejected:
            return reject(rejected)
        }
    }

    private func complete(_ grant: SignInGrant) async -> HTTPResponse {
        guard latch.claim() else { return alreadyHandled() }

        let outcome = await SignInOutcome.redeeming(grant, with: redeem)
        let page = switch outcome {
        case .signedIn(let username):
            SignInPages.signedIn(username: username)
        case .failed(let failure):
            SignInPages.message(status: 502, title: "Sign-in failed",
                                text: "imgpipe could not complete the sign-in: \(failure.message)")
        case .denied, .timedOut:
            SignInPages.message(status: 500, title: "Sign-in failed", text: "imgpipe could not complete the sign-in.")
        }
        return finishing(page, with: outcome)
    }

    private func deny(_ error: String) -> HTTPResponse {
        guard latch.claim() else { return alreadyHandled() }

        let page = SignInPages.message(status: 200, title: "Sign-in cancelled",
                                       text: "Imgur reported '\(error)', so imgpipe stored nothing. You can close this tab.")
        return finishing(page, with: .denied(error))
    }

    /// Decides the outcome now and ends the wait once `page` was sent, so that stopping the
    /// listener cannot cut the page off.
    private func finishing(_ page: HTTPResponse, with outcome: SignInOutcome) -> HTTPResponse {
        latch.decide(outcome)
        var page = page
        page.onCompleted = { [latch] in latch.finish() }
        return page
    }

    private func alreadyHandled() -> HTTPResponse {
        SignInPages.message(status: 409, title: "Sign-in already handled",
                            text: "imgpipe already received a sign-in result for this login and ignored this one.")
    }

    private func reject(_ event: CallbackEvent) -> HTTPResponse {
        let (status, problem) = Self.describe(event, callbackPath: classifier.address.path, origin: classifier.address.origin)
        logger.warning("ignored a request to the sign-in listener; still waiting for the sign-in", ["reason": problem])
        return SignInPages.message(status: status, title: "Sign-in result not accepted",
                                   text: "imgpipe ignored this request: \(problem). Sign in from the address that "
                                       + "'imgpipe auth login' printed.")
    }

    static func describe(_ event: CallbackEvent, callbackPath: String, origin: String) -> (status: Int, problem: String) {
        switch event {
        case .stateMismatch:
            (400, "its state does not match this login, so it is forged or from an earlier login")
        case .incomplete:
            (400, "it has no code, tokens or error")
        case .wrongPath(let path):
            (404, "\(path) is not the callback path \(callbackPath)")
        case .wrongMethod(let method):
            (405, "the callback does not accept \(method)")
        case .crossOrigin(let other):
            (403, "it was posted from \(other), not from \(origin)")
        case .fragmentPage, .code, .tokens, .denied:
            (500, "it was not handled")
        }
    }

    /// Returns whether the peer is this machine. The listener binds 127.0.0.1 only, so this
    /// second check matters only if that binding changes.
    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
