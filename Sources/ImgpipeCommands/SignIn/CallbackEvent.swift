import Foundation
import HTTPServer
import ImgurAdapter

/// What one request to the sign-in listener means for the login waiting on it.
enum CallbackEvent: Equatable {
    /// A `token` sign-in landed on the callback; the page's script must read the fragment.
    case fragmentPage
    /// An authorization code with the expected `state`.
    case code(String)
    /// Tokens from the URL fragment, posted by the page's script with the expected `state`.
    case tokens(ImgurTokens)
    /// Imgur reported an error, such as `access_denied`, with the expected `state`.
    case denied(String)
    /// The `state` is missing or differs, so the request did not come from this login.
    case stateMismatch
    /// The callback has the expected `state` but no code, tokens or error.
    case incomplete
    /// A request for a path other than the callback's.
    case wrongPath(String)
    /// A method the callback does not accept.
    case wrongMethod(String)
    /// A post whose `Origin` is another site's.
    case crossOrigin(String)
}

/// Reads sign-in callbacks for one authorization request.
struct CallbackClassifier {
    let address: CallbackAddress
    let request: AuthorizationRequest

    func classify(_ http: HTTPRequest) -> CallbackEvent {
        guard http.path == address.path else { return .wrongPath(http.path) }

        switch http.method {
        case "GET":
            return classifyQuery(http.query)
        case "POST" where request.responseType == .token:
            return classifyPostedFragment(http)
        default:
            return .wrongMethod(http.method)
        }
    }

    private func classifyQuery(_ query: [String: String]) -> CallbackEvent {
        if query.isEmpty, request.responseType == .token {
            return .fragmentPage
        }
        guard query["state"] == request.state else { return .stateMismatch }

        if let error = query["error"] {
            return .denied(error)
        }
        if let code = query["code"], !code.isEmpty, request.responseType == .code {
            return .code(code)
        }
        return .incomplete
    }

    /// Reads the fragment that the page's script submits as the form field `fragment`. Only a
    /// page of the callback's own origin may post it.
    // NOTE: the sandbox returns `state` in the fragment, and Imgur's documentation says
    // `state` comes back unchanged; a fragment without it is rejected as forged.
    private func classifyPostedFragment(_ http: HTTPRequest) -> CallbackEvent {
        if let origin = http.header("Origin"), origin != address.origin {
            return .crossOrigin(origin)
        }
        let body = FormFields.decode(String(decoding: http.body, as: UTF8.self))
        let fragment = body["fragment"] ?? ""
        let fields = FormFields.decode(fragment)
        guard fields["state"] == request.state else { return .stateMismatch }

        if let error = fields["error"] {
            return .denied(error)
        }
        guard let tokens = ImgurAuthorization.tokens(fromFragment: fragment) else { return .incomplete }
        return .tokens(tokens)
    }
}
