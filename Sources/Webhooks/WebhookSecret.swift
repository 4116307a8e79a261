import Crypto
import Foundation

/// A Standard Webhooks signing secret: "whsec_" followed by the base64 of 24 to 64 key bytes.
///
/// Every textual form except `encoded` is redacted, so the key cannot reach a log by accident.
public struct WebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let prefix = "whsec_"
    public static let allowedKeyLengths = 24...64

    public let key: Data

    /// Parses "whsec_<base64>" or the base64 part alone; surrounding whitespace is ignored.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let base64 = trimmed.hasPrefix(Self.prefix) ? String(trimmed.dropFirst(Self.prefix.count)) : trimmed

        guard !base64.isEmpty else {
            throw WebhookSecretError(.empty)
        }
        guard let key = Self.decode(base64) else {
            throw WebhookSecretError(.invalidBase64)
        }
        guard Self.allowedKeyLengths.contains(key.count) else {
            throw WebhookSecretError(.invalidKeyLength(key.count))
        }
        self.key = key
    }

    /// Makes a secret of 32 bytes from OpenSSL's random generator.
    public static func generate() -> WebhookSecret {
        WebhookSecret(validKey: SecureRandom.bytes(count: 32))
    }

    private init(validKey: Data) {
        key = validKey
    }

    /// The secret in its shareable form, "whsec_<base64>". This is the only unredacted form.
    public var encoded: String {
        Self.prefix + key.base64EncodedString()
    }

    public var description: String {
        Self.prefix + "[redacted]"
    }

    public var debugDescription: String {
        description
    }

    public var customMirror: Mirror {
        Mirror(self, children: [])
    }

    /// Decodes standard base64, padded or not. Returns nil for any other character.
    private static func decode(_ text: String) -> Data? {
        let padding = String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text.hasSuffix("=") ? text : text + padding)
    }
}

/// A rejected webhook secret. The message never contains the secret itself.
public struct WebhookSecretError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case empty
        case invalidBase64
        case invalidKeyLength(Int)
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .empty:
            return "invalid webhook secret: it is empty; expected \"whsec_\" followed by base64, "
                + "or run `imgpipe webhooks secret` to make one"
        case .invalidBase64:
            return "invalid webhook secret: the part after \"whsec_\" is not valid base64; "
                + "copy the secret again without extra characters"
        case .invalidKeyLength(let count):
            return "invalid webhook secret: it decodes to \(count) bytes, but 24 to 64 bytes are required; "
                + "run `imgpipe webhooks secret` to make a new one"
        }
    }
}
