import Crypto
import Foundation

/// Checks Standard Webhooks signatures and timestamps.
public struct WebhookVerifier: Sendable {
    private let secret: WebhookSecret
    private let tolerance: Duration

    /// `tolerance` bounds the distance between the message timestamp and the receiver's
    /// clock, in both directions, which limits replays of captured messages.
    public init(secret: WebhookSecret, tolerance: Duration = .seconds(300)) {
        self.secret = secret
        self.tolerance = tolerance
    }

    /// Accepts when any space-separated "v1,..." entry matches (constant-time compare) and the
    /// timestamp is within tolerance of `now`; throws WebhookVerificationError otherwise.
    public func verify(id: String, timestamp: String, body: Data, signatureHeader: String, now: Date = Date()) throws {
        guard !id.isEmpty else {
            throw WebhookVerificationError(.missingHeader("webhook-id"))
        }
        try checkTimestamp(timestamp, now: now)

        guard !signatureHeader.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WebhookVerificationError(.missingHeader("webhook-signature"))
        }

        let expected = WebhookSigner.mac(key: secret.key, id: id, timestamp: timestamp, body: body)
        let candidates = Self.versionOneSignatures(in: signatureHeader)
        guard candidates.contains(where: { constantTimeEquals($0, expected) }) else {
            throw WebhookVerificationError(.noMatchingSignature)
        }
    }

    private func checkTimestamp(_ text: String, now: Date) throws {
        guard !text.isEmpty else {
            throw WebhookVerificationError(.missingHeader("webhook-timestamp"))
        }
        guard let seconds = Int64(text) else {
            throw WebhookVerificationError(.invalidTimestamp(text))
        }
        let offset = now.timeIntervalSince1970 - Double(seconds)
        let limit = Double(tolerance.components.seconds) + Double(tolerance.components.attoseconds) * 1e-18

        if offset > limit {
            throw WebhookVerificationError(.timestampTooOld(seconds: Int64(offset)))
        }
        if -offset > limit {
            throw WebhookVerificationError(.timestampInFuture(seconds: Int64(-offset)))
        }
    }

    /// Returns the decoded MACs of the header's "v1," entries. Other versions and entries that
    /// are not base64 are skipped, because a header may carry several schemes at once.
    static func versionOneSignatures(in header: String) -> [Data] {
        header.split(separator: " ").compactMap { entry in
            let parts = entry.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == "v1" else {
                return nil
            }
            return Data(base64Encoded: String(parts[1]))
        }
    }
}

/// A webhook message that failed verification.
public struct WebhookVerificationError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case missingHeader(String)
        case invalidTimestamp(String)
        case timestampTooOld(seconds: Int64)
        case timestampInFuture(seconds: Int64)
        case noMatchingSignature
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .missingHeader(let name):
            return "webhook rejected: missing header \(name)"
        case .invalidTimestamp(let text):
            return "webhook rejected: invalid webhook-timestamp \"\(text.prefix(32))\"; expected Unix seconds"
        case .timestampTooOld(let seconds):
            return "webhook rejected: the timestamp is \(seconds) s old, outside the tolerance; "
                + "check the sender's clock or whether this is a replay"
        case .timestampInFuture(let seconds):
            return "webhook rejected: the timestamp is \(seconds) s in the future, outside the tolerance; "
                + "check the sender's clock"
        case .noMatchingSignature:
            return "webhook rejected: no v1 signature matches; check that sender and receiver use the same secret"
        }
    }
}
