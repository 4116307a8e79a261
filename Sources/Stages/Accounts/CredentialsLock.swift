import Foundation

/// An exclusive `flock` on the lock file beside `credentials.json`, held by one writer at a
/// time across processes.
///
/// A holder may keep the lock across a token request, so a waiter can block for seconds. The
/// blocking wait therefore runs on a thread of its own: on the cooperative pool it would stall
/// other tasks, and on the shared `BlockingWork` queue it could take the threads the holder
/// needs to finish and release the lock.
struct CredentialsLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    static func acquire(path: String) async throws -> CredentialsLock {
        let descriptor = try openLockFile(path)
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            return CredentialsLock(descriptor: descriptor)
        }

        return try await withCheckedThrowingContinuation { continuation in
            let waiter = Thread {
                continuation.resume(with: Result { try waitForLock(descriptor, path: path) })
            }
            waiter.name = "imgpipe.credentials-lock"
            waiter.start()
        }
    }

    /// Releases the lock; closing the descriptor drops the `flock`.
    func release() {
        close(descriptor)
    }

    private static func openLockFile(_ path: String) throws -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CredentialsError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    private static func waitForLock(_ descriptor: Int32, path: String) throws -> CredentialsLock {
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
