import Foundation
import Testing
import Webhooks

@Suite struct WebhookSecretTests {
    @Test func parsesWithAndWithoutPrefix() throws {
        let prefixed = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let bare = try WebhookSecret("  MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n")

        #expect(prefixed.key.count == 24)
        #expect(prefixed.key == bare.key)
        #expect(prefixed.encoded == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    }

    @Test func acceptsUnpaddedBase64() throws {
        let key = Data((0..<32).map { UInt8($0) })
        let unpadded = key.base64EncodedString().trimmingCharacters(in: CharacterSet(charactersIn: "="))

        #expect(try WebhookSecret(unpadded).key == key)
    }

    @Test("rejected secret", arguments: [
        ("", WebhookSecretError.Kind.empty),
        ("whsec_", .empty),
        ("whsec_not*base64!secretvalue", .invalidBase64),
        ("whsec_c2hvcnQ=", .invalidKeyLength(5)),
        ("whsec_" + Data(count: 65).base64EncodedString(), .invalidKeyLength(65)),
    ])
    func rejectedSecret(text: String, kind: WebhookSecretError.Kind) {
        let error = #expect(throws: WebhookSecretError.self) {
            try WebhookSecret(text)
        }

        #expect(error?.kind == kind)
    }

    @Test func errorDoesNotEchoSecret() {
        let text = "whsec_SECRETVALUE*notbase64"

        let error = #expect(throws: WebhookSecretError.self) {
            try WebhookSecret(text)
        }

        #expect(error?.description.contains("SECRETVALUE") == false)
        #expect(error?.description.contains("base64") == true)
    }

    @Test func textualFormsAreRedacted() throws {
        let secret = WebhookSecret.generate()
        let base64 = secret.key.base64EncodedString()
        var dumped = ""
        dump(secret, to: &dumped)

        #expect(secret.key.count == 32)
        #expect(secret.description == "whsec_[redacted]")
        #expect(!"\(secret)".contains(base64))
        #expect(!String(reflecting: secret).contains(base64))
        #expect(!dumped.contains(base64))
        #expect(try WebhookSecret(secret.encoded).key == secret.key)
    }

    @Test func generatedSecretsDiffer() {
        #expect(WebhookSecret.generate().key != WebhookSecret.generate().key)
    }
}
