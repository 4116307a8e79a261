import Foundation
import Webhooks

/// `imgpipe webhooks listen`: a receiver that verifies each delivery's signature and prints it.
struct WebhookListener {
    let secret: WebhookSecret
    let port: UInt16
    let json: Bool
    let output: @Sendable (String) -> Void

    func listen(announce: (String) -> Void) async throws {
        let json = self.json
        let output = self.output
        let receiver = try WebhookReceiver(secret: secret, port: port) { delivery in
            output(json ? WebhookListener.jsonLine(delivery) : WebhookListener.textLine(delivery))
        }
        defer { receiver.stop() }

        announce("listening for webhooks on \(receiver.url.absoluteString) (stop with Ctrl-C)")
        _ = await SignalWatcher.waitForTermination()
    }

    static func textLine(_ delivery: WebhookDelivery) -> String {
        let verdict = delivery.verified ? "verified" : "INVALID SIGNATURE"
        let body = String(decoding: delivery.body, as: UTF8.self)
        return "\(verdict) \(delivery.id) \(delivery.type ?? "-") \(body)"
    }

    static func jsonLine(_ delivery: WebhookDelivery) -> String {
        let body = (try? JSONSerialization.jsonObject(with: delivery.body)) ?? String(decoding: delivery.body, as: UTF8.self)
        let document: [String: Any] = [
            "id": delivery.id,
            "timestamp": delivery.timestamp,
            "verified": delivery.verified,
            "type": delivery.type ?? NSNull(),
            "body": body,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
