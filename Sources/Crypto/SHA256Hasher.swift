import COpenSSL
import Foundation

/// An incremental SHA-256 computation that owns an OpenSSL `EVP_MD_CTX`.
///
/// The type is non-copyable because two copies would share one context, and `finalize()`
/// consumes it so no update can follow the final step.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new() else {
            preconditionFailure("\(CryptoError.openSSL("EVP_MD_CTX_new failed: out of memory"))")
        }
        guard EVP_DigestInit_ex2(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestInit_ex2 for SHA-256 failed"))")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `data` to the digest.
    public mutating func update(_ data: UnsafeRawBufferPointer) {
        guard let base = data.baseAddress, !data.isEmpty else {
            return
        }
        // SHA-256 updates on an initialised context fail only on internal OpenSSL errors.
        guard EVP_DigestUpdate(context, base, data.count) == 1 else {
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestUpdate failed"))")
        }
    }

    /// Adds `data` to the digest.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Returns the digest of everything added so far. Consuming the hasher frees its context.
    public consuming func finalize() -> SHA256Digest {
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0

        guard EVP_DigestFinal_ex(context, &bytes, &length) == 1 else {
            preconditionFailure("\(CryptoError.openSSL("EVP_DigestFinal_ex failed"))")
        }
        return SHA256Digest(bytes: Array(bytes.prefix(Int(length))))
    }
}
