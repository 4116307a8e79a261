import Foundation
import HTTPServer

/// A webhook endpoint for tests and `imgpipe webhooks listen`: an HTTP server that verifies
/// each POST, records it, and responds with 204 when verified and 401 otherwise. Any path is accepted.
public final class WebhookReceiver: Sendable {
    private let server: HTTPServer
    private let log: DeliveryLog

    /// An HTTP server on 127.0.0.1 that verifies each POST, records it, answers 204 when
    /// verified and 401 otherwise (status overridable for tests).
    ///
    /// `onDelivery` runs on the server's handler task for every recorded delivery.
    public init(
        secret: WebhookSecret, host: String = "127.0.0.1", port: UInt16 = 0,
        onDelivery: (@Sendable (WebhookDelivery) -> Void)? = nil
    ) throws {
        let log = DeliveryLog()
        let verifier = WebhookVerifier(secret: secret)

        server = try HTTPServer(host: host, port: port, maxBodyBytes: 16 << 20) { request in
            guard request.method == "POST" else {
                return .text(status: 405, "Webhook deliveries must use POST.\n")
            }
            let delivery = Self.delivery(from: request, verifier: verifier)
            let status = log.record(delivery)

            onDelivery?(delivery)
            return HTTPResponse(status: status)
        }
        self.log = log
    }

    deinit {
        server.stop()
    }

    /// The endpoint to send deliveries to: `http://HOST:PORT/webhooks`.
    public var url: URL {
        server.baseURL.appendingPathComponent("webhooks")
    }

    public var port: UInt16 {
        server.port
    }

    /// Returns every delivery recorded so far, oldest first.
    public func deliveries() -> [WebhookDelivery] {
        log.deliveries
    }

    /// Waits until at least `count` deliveries are recorded or `timeout` passes, then returns
    /// every delivery recorded so far, which is fewer than `count` after a timeout.
    public func waitForDeliveries(count: Int, timeout: Duration) async -> [WebhookDelivery] {
        let waiterID = UUID()

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.log.waitUntil(count: count, waiterID: waiterID) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        log.forget(waiterID: waiterID)
        return log.deliveries
    }

    /// Responds to the next deliveries with these statuses, one each, before the usual ones,
    /// for tests of a sender's retries.
    public func queueStatuses(_ statuses: [Int]) {
        log.queueStatuses(statuses)
    }

    /// Responds to every later delivery with `status`, verified or not; nil restores 204 and 401.
    public func setStatusOverride(_ status: Int?) {
        log.setStatusOverride(status)
    }

    /// Stops the server; idempotent.
    public func stop() {
        server.stop()
    }

    private static func delivery(from request: HTTPRequest, verifier: WebhookVerifier) -> WebhookDelivery {
        let id = request.header("webhook-id") ?? ""
        let timestamp = request.header("webhook-timestamp") ?? ""
        let signature = request.header("webhook-signature") ?? ""
        var failure: String?

        do {
            try verifier.verify(id: id, timestamp: timestamp, body: request.body, signatureHeader: signature)
        } catch {
            failure = String(describing: error)
        }

        return WebhookDelivery(
            id: id, timestamp: timestamp, body: request.body, signatureHeader: signature,
            type: WebhookDelivery.eventType(of: request.body), verified: failure == nil,
            verificationFailure: failure
        )
    }
}
