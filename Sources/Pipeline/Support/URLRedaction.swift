import Foundation

/// Hides the credentials a URL can carry, for every place a webhook URL is shown or logged.
///
/// Webhook receivers are often protected by a password in the URL
/// (`https://user:password@host/`) or a key in its query (`?api_key=...`). The outbox keeps
/// the URL as given, because it must send to it later, but events, logs and command output
/// show this form instead.
public enum URLRedaction {
    /// The text that replaces each hidden value.
    public static let placeholder = "REDACTED"

    /// Query parameter names, in lowercase, whose values count as secrets when the name
    /// contains one of them.
    static let secretParameterWords = ["key", "token", "secret", "sig", "pass", "auth", "credential", "session"]

    /// Returns `url` with its password and the values of secret-looking query parameters
    /// replaced by `placeholder`. A text that does not parse as a URL is returned unchanged.
    public static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url) else {
            return url
        }

        var changed = false
        if components.password != nil {
            components.password = placeholder
            changed = true
        }
        if let items = components.queryItems {
            components.queryItems = items.map { item in
                guard item.value != nil, isSecretParameter(item.name) else { return item }
                changed = true
                return URLQueryItem(name: item.name, value: placeholder)
            }
        }

        guard changed else { return url }
        return components.string ?? url
    }

    static func isSecretParameter(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretParameterWords.contains { lowered.contains($0) }
    }
}
