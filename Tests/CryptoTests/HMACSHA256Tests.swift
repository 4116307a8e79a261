import Crypto
import Foundation
import Testing

/// One HMAC-SHA-256 test case from RFC 4231, section 4.
struct HMACVector: Sendable, CustomTestStringConvertible {
    let name: String
    let key: Data
    let message: Data
    /// The expected MAC in hex. Test case 5 gives only the first 128 bits.
    let expectedHex: String

    var testDescription: String { name }
}

private let rfc4231Vectors: [HMACVector] = [
    HMACVector(
        name: "test case 1",
        key: Data(repeating: 0x0b, count: 20),
        message: Data("Hi There".utf8),
        expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    ),
    HMACVector(
        name: "test case 2",
        key: Data("Jefe".utf8),
        message: Data("what do ya want for nothing?".utf8),
        expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    ),
    HMACVector(
        name: "test case 3",
        key: Data(repeating: 0xaa, count: 20),
        message: Data(repeating: 0xdd, count: 50),
        expectedHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
    ),
    HMACVector(
        name: "test case 4",
        key: Data(hex: "0102030405060708090a0b0c0d0e0f10111213141516171819"),
        message: Data(repeating: 0xcd, count: 50),
        expectedHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
    ),
    HMACVector(
        name: "test case 5 (truncated to 128 bits)",
        key: Data(repeating: 0x0c, count: 20),
        message: Data("Test With Truncation".utf8),
        expectedHex: "a3b6167473100ee06e0c796c2955552b"
    ),
    HMACVector(
        name: "test case 6",
        key: Data(repeating: 0xaa, count: 131),
        message: Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
        expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    ),
    HMACVector(
        name: "test case 7",
        key: Data(repeating: 0xaa, count: 131),
        message: Data(
            ("This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.").utf8
        ),
        expectedHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
    ),
]

@Suite struct HMACSHA256Tests {
    @Test("RFC 4231 vectors", arguments: rfc4231Vectors)
    func rfc4231(vector: HMACVector) {
        let mac = HMACSHA256.authenticationCode(for: vector.message, key: vector.key)

        #expect(mac.count == 32)
        #expect(mac.hex.hasPrefix(vector.expectedHex))
    }

    @Test func emptyKeyAndMessage() {
        let mac = HMACSHA256.authenticationCode(for: Data(), key: Data())

        #expect(mac.hex == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
