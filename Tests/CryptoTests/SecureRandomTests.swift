import Crypto
import Foundation
import Testing

@Suite struct SecureRandomTests {
    @Test func returnsRequestedCount() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        #expect(SecureRandom.bytes(count: 32).count == 32)
    }

    @Test func successiveCallsDiffer() {
        #expect(SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
    }

    @Test func constantTimeEqualsComparesContent() {
        let bytes = Data([1, 2, 3, 4])

        #expect(constantTimeEquals(bytes, Data([1, 2, 3, 4])))
        #expect(!constantTimeEquals(bytes, Data([1, 2, 3, 5])))
        #expect(!constantTimeEquals(bytes, Data([1, 2, 3])))
        #expect(constantTimeEquals(Data(), Data()))
        #expect(constantTimeEquals(bytes.dropFirst(), Data([2, 3, 4])))
    }
}
