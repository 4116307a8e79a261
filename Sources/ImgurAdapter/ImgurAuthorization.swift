import Foundation

/// Builds the URL of Imgur's sign-in page.
public enum ImgurAuthorization {
    /// Form of the result that the sign-in page sends to the registered callback.
    public enum ResponseType: String, Sendable {
        /// `?code=...&state=...` in the callback's query, exchanged with the client secret.
        case code
        /// Tokens in the callback URL's fragment, which only a page script can read.
        case token
        /// A PIN shown to the user, exchanged like a code.
        case pin
    }

    /// Returns `<apiURL>/oauth2/authorize?client_id=...&response_type=...&state=...`.
    /// `redirectURI` is added only when given, because Imgur rejects one that differs in any
    /// byte from the callback registered for the client id.
    public static func url(
        configuration: ImgurConfiguration,
        responseType: ResponseType,
        state: String,
        redirectURI: String? = nil
    ) -> URL {
        var fields: [(name: String, value: String)] = [
            ("client_id", configuration.clientID),
            ("response_type", responseType.rawValue),
            ("state", state),
        ]
        if let redirectURI {
            fields.append(("redirect_uri", redirectURI))
        }
        let authorize = configuration.endpoint("/oauth2/authorize")
        return URL(string: authorize.absoluteString + "?" + FormEncoding.encode(fields)) ?? authorize
    }

    /// Reads the tokens that `response_type=token` puts in the callback URL's fragment
    /// (`access_token`, `refresh_token`, `expires_in`, `account_username`, `account_id`);
    /// nil when the fragment has no access and refresh token.
    public static func tokens(fromFragment fragment: String, now: Date = Date()) -> ImgurTokens? {
        var values: [String: String] = [:]
        for pair in fragment.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            values[name] = value.removingPercentEncoding ?? value
        }
        guard let accessToken = values["access_token"], !accessToken.isEmpty,
              let refreshToken = values["refresh_token"], !refreshToken.isEmpty else {
            return nil
        }
        return ImgurTokens(
            accessToken: accessToken,
            refreshToken: refreshToken,
            expiresAt: values["expires_in"].flatMap(Int.init).map { now.addingTimeInterval(TimeInterval($0)) },
            accountUsername: values["account_username"],
            accountID: values["account_id"].flatMap(Int.init)
        )
    }
}
