import Foundation
import HTTPServer

extension SandboxRouter {
    static let redirectMismatch = "The redirect URI provided is missing or does not match"

    /// `GET /oauth2/authorize` shows the approval page (or approves at once with auto-approve);
    /// `POST /oauth2/authorize` receives the page's Allow or Deny.
    func authorize(_ request: HTTPRequest) -> HTTPResponse {
        var parameters = request.query
        if request.method == "POST" {
            for field in FormParsing.fields(body: request.body, contentType: request.header("Content-Type")) {
                parameters[field.name] = field.text
            }
        }

        if let rejection = checkAuthorizeParameters(parameters, request: request) {
            return rejection
        }
        let responseType = parameters["response_type"] ?? ""
        let state = parameters["state"] ?? ""

        if request.method == "POST" {
            return parameters["action"] == "allow" ? approve(responseType, state: state) : deny(state: state)
        }
        return configuration.autoApprove ? approve(responseType, state: state) : approvalPage(responseType, state: state)
    }

    private func checkAuthorizeParameters(_ parameters: [String: String], request: HTTPRequest) -> HTTPResponse? {
        if parameters["client_id"] != configuration.clientID {
            return SandboxReply.error(400, "Invalid client_id", request: request)
        }
        if let redirectURI = parameters["redirect_uri"], redirectURI != configuration.redirectURI {
            return SandboxReply.error(400, Self.redirectMismatch, request: request)
        }
        if !["code", "token", "pin"].contains(parameters["response_type"] ?? "") {
            return SandboxReply.error(400, "Invalid response_type parameter or parameter missing", request: request)
        }
        return nil
    }

    private func approve(_ responseType: String, state: String) -> HTTPResponse {
        switch responseType {
        case "code":
            let code = RandomID.token()
            store.withState { _ = $0.codes.insert(code) }
            return .redirect(to: callback(query: [("code", code), ("state", state)]))
        case "token":
            let pair = store.issueTokens(lifetime: configuration.accessTokenLifetime)
            let fragment = FormParsing.encode([
                ("access_token", pair.accessToken), ("expires_in", String(configuration.accessTokenLifetime.components.seconds)),
                ("token_type", "bearer"), ("refresh_token", pair.refreshToken),
                ("account_username", configuration.username), ("account_id", String(configuration.accountID)),
                ("state", state),
            ])
            return .redirect(to: configuration.redirectURI + "#" + fragment)
        default:
            let pin = RandomID.make(length: 10)
            store.withState { _ = $0.pins.insert(pin) }
            return .html(SandboxPages.pin(pin))
        }
    }

    private func deny(state: String) -> HTTPResponse {
        .redirect(to: callback(query: [("error", "access_denied"), ("state", state)]))
    }

    private func callback(query: [(String, String)]) -> String {
        let separator = configuration.redirectURI.contains("?") ? "&" : "?"
        return configuration.redirectURI + separator + FormParsing.encode(query)
    }

    private func approvalPage(_ responseType: String, state: String) -> HTTPResponse {
        .html(SandboxPages.approval(clientID: configuration.clientID, username: configuration.username,
                                    responseType: responseType, state: state))
    }

    /// `POST /oauth2/token` with the authorization-code, PIN or refresh grant.
    func token(_ request: HTTPRequest) -> HTTPResponse {
        store.withState { $0.tokenRequests += 1 }
        let fields = FormParsing.fields(body: request.body, contentType: request.header("Content-Type"))
        func field(_ name: String) -> String? { fields[name]?.text }

        if field("client_id") != configuration.clientID {
            return SandboxReply.error(400, "Invalid client_id", request: request)
        }
        if field("client_secret") != configuration.clientSecret {
            return SandboxReply.error(400, "Invalid client_secret", request: request)
        }
        if let redirectURI = field("redirect_uri"), redirectURI != configuration.redirectURI {
            return SandboxReply.error(400, Self.redirectMismatch, request: request)
        }

        switch field("grant_type") {
        case "authorization_code":
            return exchangeOnce(field("code"), parameter: "code", from: \.codes, invalid: "Invalid code", request: request)
        case "pin":
            return exchangeOnce(field("pin"), parameter: "pin", from: \.pins, invalid: "Invalid Pin", request: request)
        case "refresh_token":
            return refresh(field("refresh_token") ?? "", request: request)
        default:
            return SandboxReply.error(400, "Invalid grant_type parameter or parameter missing", request: request)
        }
    }

    /// Exchanges a code or PIN, which works once.
    private func exchangeOnce(
        _ value: String?,
        parameter: String,
        from set: WritableKeyPath<SandboxStore.State, Set<String>>,
        invalid: String,
        request: HTTPRequest
    ) -> HTTPResponse {
        guard let value, !value.isEmpty else {
            return SandboxReply.error(400, "Missing parameter. \"\(parameter)\" is required", request: request)
        }
        let known = store.withState { $0[keyPath: set].remove(value) != nil }
        guard known else {
            return SandboxReply.error(400, invalid, request: request)
        }
        return tokenBody(store.issueTokens(lifetime: configuration.accessTokenLifetime))
    }

    private func refresh(_ refreshToken: String, request: HTTPRequest) -> HTTPResponse {
        let outcome = store.refresh(refreshToken, lifetime: configuration.accessTokenLifetime,
                                    rotate: configuration.rotateRefreshTokens)
        switch outcome {
        case .unknown:
            return SandboxReply.error(400, "Invalid refresh token", request: request)
        case .retired:
            return SandboxReply.error(400, "Refresh token doesn't exist or is invalid for the client", request: request)
        case .refreshed(let accessToken, let newRefreshToken):
            return tokenBody((accessToken, newRefreshToken))
        }
    }

    /// Builds the token response, which has no `data`/`success` envelope.
    private func tokenBody(_ pair: (accessToken: String, refreshToken: String)) -> HTTPResponse {
        SandboxReply.json(200, [
            "access_token": pair.accessToken,
            "expires_in": Int(configuration.accessTokenLifetime.components.seconds),
            "token_type": "bearer",
            "scope": NSNull(),
            "refresh_token": pair.refreshToken,
            "account_id": configuration.accountID,
            "account_username": configuration.username,
        ])
    }
}
