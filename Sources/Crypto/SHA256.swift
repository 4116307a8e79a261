import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One-shot SHA-256 of in-memory data or of a file.
public enum SHA256 {
    /// The read size for `hash(fileAt:)`.
    static let chunkSize = 1 << 20

    public static func hash(_ data: Data) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Streams the file in 1 MiB chunks; blocking I/O, callers run it off the cooperative pool.
    public static func hash(fileAt path: String) throws -> SHA256Digest {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CryptoError("failed to open the file for hashing; check that it exists and is readable", path: path, underlying: errnoText())
        }
        defer { close(descriptor) }

        var hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }

        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count == 0 {
                break
            }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                throw CryptoError("failed to read the file for hashing", path: path, underlying: errnoText())
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
