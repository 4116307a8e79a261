import Foundation
import Synchronization
import Testing
import Webhooks
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct WebhookReceiverTests {
    let secret = WebhookSecret.generate()
    let session = URLSession(configuration: .ephemeral)

    /// Sends `body` to the receiver signed with `signingSecret` and returns the status.
    private func post(
        _ body: String, to receiver: WebhookReceiver, signingSecret: WebhookSecret, id: String = "msg_1"
    ) async throws -> Int {
        let timestamp = Int64(Date().timeIntervalSince1970)
        let headers = WebhookSigner(secret: signingSecret).headers(id: id, timestamp: timestamp, body: Data(body.utf8))
        var request = URLRequest(url: receiver.url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        headers.forEach { request.setValue($0.value, forHTTPHeaderField: $0.key) }

        let (_, response) = try await session.data(for: request)
        return try #require(response as? HTTPURLResponse).statusCode
    }

    @Test func verifiedPostRecorded() async throws {
        let received = Mutex<[String]>([])
        let receiver = try WebhookReceiver(secret: secret) { delivery in
            received.withLock { $0.append(delivery.id) }
        }
        defer { receiver.stop() }

        let status = try await post(
            "{\"type\":\"item.uploaded\",\"data\":{}}", to: receiver, signingSecret: secret, id: "msg_up"
        )
        let deliveries = await receiver.waitForDeliveries(count: 1, timeout: .seconds(30))

        #expect(status == 204)
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.verified == true)
        #expect(deliveries.first?.type == "item.uploaded")
        #expect(deliveries.first?.id == "msg_up")
        #expect(deliveries.first?.signatureHeader.hasPrefix("v1,") == true)
        #expect(received.withLock { $0 } == ["msg_up"])
        #expect(receiver.port > 0)
        #expect(receiver.url.absoluteString.hasPrefix("http://127.0.0.1:"))
    }

    @Test func wrongSecretAnswered401() async throws {
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.stop() }

        let status = try await post("{}", to: receiver, signingSecret: WebhookSecret.generate())
        let delivery = try #require(receiver.deliveries().first)

        #expect(status == 401)
        #expect(!delivery.verified)
        #expect(delivery.verificationFailure?.contains("no v1 signature matches") == true)
        #expect(delivery.type == nil)
    }

    @Test func statusOverrides() async throws {
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.stop() }
        receiver.queueStatuses([503])
        receiver.setStatusOverride(500)

        let first = try await post("{}", to: receiver, signingSecret: secret)
        let second = try await post("{}", to: receiver, signingSecret: secret)
        receiver.setStatusOverride(nil)
        let third = try await post("{}", to: receiver, signingSecret: secret)

        #expect(first == 503)
        #expect(second == 500)
        #expect(third == 204)
        let verified = receiver.deliveries().map(\.verified)
        #expect(verified == [true, true, true])
    }

    @Test func getRejectedWith405() async throws {
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.stop() }

        let (_, response) = try await session.data(from: receiver.url)

        #expect(try #require(response as? HTTPURLResponse).statusCode == 405)
        #expect(receiver.deliveries().isEmpty)
    }

    @Test func waitTimesOutWithFewer() async throws {
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.stop() }
        let start = ContinuousClock.now

        let deliveries = await receiver.waitForDeliveries(count: 1, timeout: .milliseconds(100))

        #expect(deliveries.isEmpty)
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test func waiterWokenByLaterDelivery() async throws {
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.stop() }

        async let waited = receiver.waitForDeliveries(count: 2, timeout: .seconds(10))
        _ = try await post("{}", to: receiver, signingSecret: secret, id: "a")
        _ = try await post("{}", to: receiver, signingSecret: secret, id: "b")
        let start = ContinuousClock.now
        let deliveries = await waited

        #expect(deliveries.map(\.id) == ["a", "b"])
        #expect(ContinuousClock.now - start < .seconds(9))
    }
}
