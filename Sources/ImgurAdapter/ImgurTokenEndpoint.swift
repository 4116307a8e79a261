import Foundation

/// Client for `POST /oauth2/token`: the authorization-code, PIN and refresh grants.
struct ImgurTokenEndpoint: Sendable {
    let configuration: ImgurConfiguration
    let transport: ImgurTransport

    private static let request = "POST /oauth2/token"

    func exchange(code: String, redirectURI: String?) async throws -> ImgurTokens {
        var fields = try credentials() + [("grant_type", "authorization_code"), ("code", code)]
        if let redirectURI {
            fields.append(("redirect_uri", redirectURI))
        }
        return try await grant(fields, previous: nil)
    }

    func exchange(pin: String) async throws -> ImgurTokens {
        try await grant(try credentials() + [("grant_type", "pin"), ("pin", pin)], previous: nil)
    }

    /// Refreshes `tokens`; a response without `refresh_token` keeps the old one, and one with
    /// a new value (rotation) replaces it.
    func refresh(_ tokens: ImgurTokens) async throws -> ImgurTokens {
        let fields = [("refresh_token", tokens.refreshToken)] + (try credentials()) + [("grant_type", "refresh_token")]
        return try await grant(fields, previous: tokens)
    }

    private func credentials() throws -> [(name: String, value: String)] {
        guard let secret = configuration.clientSecret, !secret.isEmpty else {
            throw ImgurError(kind: .signInRequired,
                             detail: "IMGUR_CLIENT_SECRET is not set, and the token endpoint needs the client secret",
                             request: Self.request)
        }
        return [("client_id", configuration.clientID), ("client_secret", secret)]
    }

    private func grant(_ fields: [(name: String, value: String)], previous: ImgurTokens?) async throws -> ImgurTokens {
        let response = try await transport.send(
            "POST", configuration.endpoint("/oauth2/token"), headers: ["Accept": "application/json"],
            body: .form(fields), deadline: configuration.requestTimeout)
        let body = try ImgurResponseDecoder.tokenBody(response, request: Self.request)
        return Self.tokens(from: body, previous: previous)
    }

    /// Reads a token response: `access_token`, optional `refresh_token`, `expires_in`
    /// (a hint only), `account_username` and `account_id` (number, string or absent).
    static func tokens(from body: JSONValue, previous: ImgurTokens?, now: Date = Date()) -> ImgurTokens {
        let refreshToken = body["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return ImgurTokens(
            accessToken: body["access_token"]?.stringValue ?? "",
            refreshToken: refreshToken ?? previous?.refreshToken ?? "",
            expiresAt: body["expires_in"]?.intValue.map { now.addingTimeInterval(TimeInterval($0)) },
            accountUsername: body["account_username"]?.stringValue ?? previous?.accountUsername,
            accountID: body["account_id"]?.intValue ?? previous?.accountID
        )
    }
}
