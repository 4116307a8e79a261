import Foundation
import Pipeline

/// An exclusive `flock` on the lock file beside `credentials.json`, held by one writer at a
/// time across processes. Taking it blocks, so it runs on `BlockingWork`, never on the
/// cooperative pool.
struct CredentialsLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    static func acquire(path: String) async throws -> CredentialsLock {
        try await BlockingWork.run {
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw CredentialsError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
            }
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let message = String(cString: strerror(errno))
                    close(descriptor)
                    throw CredentialsError("cannot lock \(path): \(message)")
                }
            }
            return CredentialsLock(descriptor: descriptor)
        }
    }

    /// Releases the lock; closing the descriptor drops the `flock`.
    func release() {
        close(descriptor)
    }
}
