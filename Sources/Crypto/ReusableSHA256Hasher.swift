/// A SHA-256 hasher for many short inputs in a row, such as one digest per event when the
/// event log's hash chain is checked: it keeps one OpenSSL context and resets it after each
/// digest instead of allocating a context, a copy and an array per digest.
///
/// Not `Sendable`: use one instance from one thread at a time.
public final class ReusableSHA256Hasher {
    private let context = DigestContext()
    private let digest = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 16)

    public init() {}

    deinit {
        digest.deallocate()
    }

    /// Adds `bytes` to the current digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        context.update(bytes)
    }

    /// Writes the digest of everything added since the last call into `hex` as 64 lowercase
    /// hexadecimal digits, then starts a new digest. `hex` must hold at least 64 bytes.
    public func finalizeHex(into hex: UnsafeMutableRawBufferPointer) {
        precondition(hex.count >= 64, "a SHA-256 digest in hexadecimal needs 64 bytes")
        context.finalizeAndReset(into: digest)
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for (offset, byte) in digest.enumerated() {
                hex[2 * offset] = digits[Int(byte >> 4)]
                hex[2 * offset + 1] = digits[Int(byte & 0x0f)]
            }
        }
    }
}
