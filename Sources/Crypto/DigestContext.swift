import COpenSSL

/// Owns one OpenSSL `EVP_MD_CTX` set up for SHA-256 and frees it in `deinit`.
///
/// Not `Sendable`: `SHA256Hasher` copies it before a shared instance would be mutated.
final class DigestContext {
    private let context: OpaquePointer

    init() {
        context = Self.allocate()
        guard EVP_DigestInit_ex2(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestInit_ex2 for SHA-256 failed"))")
        }
    }

    private init(copying other: DigestContext) {
        context = Self.allocate()
        guard EVP_MD_CTX_copy_ex(context, other.context) == 1 else {
            EVP_MD_CTX_free(context)
            preconditionFailure("\(CryptoError.openSSL("EVP_MD_CTX_copy_ex failed"))")
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Returns an independent context in the same state.
    func copy() -> DigestContext {
        DigestContext(copying: self)
    }

    func update(_ data: UnsafeRawBufferPointer) {
        guard let base = data.baseAddress, !data.isEmpty else {
            return
        }
        // SHA-256 updates on an initialised context fail only on internal OpenSSL errors.
        guard EVP_DigestUpdate(context, base, data.count) == 1 else {
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestUpdate failed"))")
        }
    }

    /// Returns the digest so far. A context cannot be updated after `EVP_DigestFinal_ex`, so
    /// this finalises a copy and leaves this context usable.
    func digest() -> SHA256Digest {
        let final = copy()
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0

        guard EVP_DigestFinal_ex(final.context, &bytes, &length) == 1 else {
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestFinal_ex failed"))")
        }
        return SHA256Digest(bytes: Array(bytes.prefix(Int(length))))
    }

    /// Writes the digest so far into `output`, which must hold 32 bytes, and starts a new
    /// digest on the same context. Unlike `digest()`, this allocates nothing.
    func finalizeAndReset(into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= 32, "a SHA-256 digest needs 32 bytes")
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1,
              EVP_DigestInit_ex2(context, nil, nil) == 1
        else {
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestFinal_ex or EVP_DigestInit_ex2 failed"))")
        }
    }

    private static func allocate() -> OpaquePointer {
        guard let context = EVP_MD_CTX_new() else {
            preconditionFailure("\(CryptoError.openSSL("EVP_MD_CTX_new failed: out of memory"))")
        }
        return context
    }
}
