import Crypto
import Foundation

/// Signs webhook messages as Standard Webhooks "v1" signatures (HMAC-SHA256).
public struct WebhookSigner: Sendable {
    private let secret: WebhookSecret

    public init(secret: WebhookSecret) {
        self.secret = secret
    }

    /// "v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">"
    public func signature(id: String, timestamp: Int64, body: Data) -> String {
        "v1," + Self.mac(key: secret.key, id: id, timestamp: String(timestamp), body: body).base64EncodedString()
    }

    /// Returns the header fields of a signed delivery: webhook-id, webhook-timestamp,
    /// webhook-signature and content-type (JSON).
    public func headers(id: String, timestamp: Int64, body: Data) -> [String: String] {
        [
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signature(id: id, timestamp: timestamp, body: body),
            "content-type": "application/json",
        ]
    }

    /// Computes the MAC over the signed content "<id>.<timestamp>.<body>". The timestamp is
    /// the header text as sent, so a verifier signs exactly what it received.
    static func mac(key: Data, id: String, timestamp: String, body: Data) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        return HMACSHA256.authenticationCode(for: content, key: key)
    }
}
