import Foundation

/// An incremental SHA-256 computation backed by an OpenSSL `EVP_MD_CTX`.
///
/// It has value semantics: a copy continues independently, because the context is copied
/// before a shared one would be updated.
public struct SHA256Hasher {
    private var context: DigestContext

    public init() {
        context = DigestContext()
    }

    /// Adds `data` to the digest.
    public mutating func update(_ data: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&context) {
            context = context.copy()
        }
        context.update(data)
    }

    /// Adds `data` to the digest.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Returns the digest of everything added so far.
    public consuming func finalize() -> SHA256Digest {
        context.digest()
    }
}
