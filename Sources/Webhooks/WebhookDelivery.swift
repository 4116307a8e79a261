import Foundation

/// One webhook request that a `WebhookReceiver` received, verified or not.
public struct WebhookDelivery: Sendable {
    /// The webhook-id header, empty when it was missing.
    public let id: String
    /// The webhook-timestamp header as sent, empty when it was missing.
    public let timestamp: String
    public let body: Data
    /// The webhook-signature header as sent, empty when it was missing.
    public let signatureHeader: String
    /// The "type" field of the JSON body, when the body is a JSON object that has one.
    public let type: String?
    public let verified: Bool
    /// The reason verification failed, nil when it succeeded.
    public let verificationFailure: String?
    public let receivedAt: Date

    public init(
        id: String, timestamp: String, body: Data, signatureHeader: String, type: String?,
        verified: Bool, verificationFailure: String? = nil, receivedAt: Date = Date()
    ) {
        self.id = id
        self.timestamp = timestamp
        self.body = body
        self.signatureHeader = signatureHeader
        self.type = type
        self.verified = verified
        self.verificationFailure = verificationFailure
        self.receivedAt = receivedAt
    }

    /// Returns the string "type" field of a JSON object body, or nil.
    static func eventType(of body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return nil
        }
        return object["type"] as? String
    }
}
