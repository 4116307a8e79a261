import Foundation
import Testing
@testable import Webhooks

@Suite struct WebhookVerifierTests {
    @Test func vectorsAreFound() {
        #expect(SignatureVector.all.count >= 8)
    }

    @Test("Standard Webhooks vector", arguments: SignatureVector.all)
    func standardVector(vector: SignatureVector) throws {
        let verifier = WebhookVerifier(secret: try WebhookSecret(vector.secret))
        let signedAt = Date(timeIntervalSince1970: TimeInterval(vector.timestamp))

        let outcome = Result {
            try verifier.verify(
                id: vector.id, timestamp: String(vector.timestamp), body: Data(vector.payload.utf8),
                signatureHeader: vector.signatureHeader, now: signedAt
            )
        }

        if vector.mustVerify {
            #expect(throws: Never.self) { try outcome.get() }
        } else {
            #expect(throws: WebhookVerificationError(.noMatchingSignature)) { try outcome.get() }
        }
    }

    @Test("signer reproduces the vector", arguments: SignatureVector.all.filter { $0.name.hasPrefix("sign-vector") })
    func signerReproducesVector(vector: SignatureVector) throws {
        let signer = WebhookSigner(secret: try WebhookSecret(vector.secret))

        let signature = signer.signature(id: vector.id, timestamp: vector.timestamp, body: Data(vector.payload.utf8))

        #expect(signature == vector.signatureHeader)
    }

    @Test func timestampOutsideToleranceRejected() throws {
        let secret = WebhookSecret.generate()
        let body = Data("{\"type\":\"item.uploaded\"}".utf8)
        let signature = WebhookSigner(secret: secret).signature(id: "msg_1", timestamp: 1_700_000_000, body: body)
        let verifier = WebhookVerifier(secret: secret, tolerance: .seconds(300))
        let signedAt = Date(timeIntervalSince1970: 1_700_000_000)

        #expect(throws: WebhookVerificationError(.timestampTooOld(seconds: 301))) {
            try verifier.verify(
                id: "msg_1", timestamp: "1700000000", body: body, signatureHeader: signature,
                now: signedAt.addingTimeInterval(301)
            )
        }
        #expect(throws: WebhookVerificationError(.timestampInFuture(seconds: 301))) {
            try verifier.verify(
                id: "msg_1", timestamp: "1700000000", body: body, signatureHeader: signature,
                now: signedAt.addingTimeInterval(-301)
            )
        }
        #expect(throws: Never.self) {
            try verifier.verify(
                id: "msg_1", timestamp: "1700000000", body: body, signatureHeader: signature,
                now: signedAt.addingTimeInterval(299)
            )
        }
    }

    @Test func malformedHeadersRejected() throws {
        let verifier = WebhookVerifier(secret: WebhookSecret.generate())
        let now = Date(timeIntervalSince1970: 1_700_000_000)

        #expect(throws: WebhookVerificationError(.missingHeader("webhook-id"))) {
            try verifier.verify(id: "", timestamp: "1700000000", body: Data(), signatureHeader: "v1,AAAA", now: now)
        }
        #expect(throws: WebhookVerificationError(.missingHeader("webhook-timestamp"))) {
            try verifier.verify(id: "msg", timestamp: "", body: Data(), signatureHeader: "v1,AAAA", now: now)
        }
        #expect(throws: WebhookVerificationError(.invalidTimestamp("17e8"))) {
            try verifier.verify(id: "msg", timestamp: "17e8", body: Data(), signatureHeader: "v1,AAAA", now: now)
        }
        #expect(throws: WebhookVerificationError(.missingHeader("webhook-signature"))) {
            try verifier.verify(id: "msg", timestamp: "1700000000", body: Data(), signatureHeader: " ", now: now)
        }
    }

    @Test func alteredBodyRejected() throws {
        let secret = WebhookSecret.generate()
        let now = Date()
        let timestamp = Int64(now.timeIntervalSince1970)
        let signature = WebhookSigner(secret: secret).signature(id: "msg", timestamp: timestamp, body: Data("{}".utf8))

        #expect(throws: WebhookVerificationError(.noMatchingSignature)) {
            try WebhookVerifier(secret: secret).verify(
                id: "msg", timestamp: String(timestamp), body: Data("{ }".utf8), signatureHeader: signature, now: now
            )
        }
    }

    @Test func signerHeaders() throws {
        let signer = WebhookSigner(secret: try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Data("{\"test\": 2432232314}".utf8)

        let headers = signer.headers(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)

        #expect(headers["webhook-id"] == "msg_p5jXN8AQM9LWM0D4loKWxJek")
        #expect(headers["webhook-timestamp"] == "1614265330")
        #expect(headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(headers["content-type"] == "application/json")
    }
}
