import Crypto
import Foundation
import Synchronization

/// An exclusive `flock` on `locks/<pipeline>.lock` in the state directory, held by the one
/// process that runs the pipeline. The kernel releases it when that process exits, however it
/// exits, so a free lock means that no live process runs the pipeline.
///
/// The file also records the holder's pid and run id, for messages only: a pid can be reused
/// after the holder died, so liveness comes from the lock alone.
public final class RunLock: Sendable {
    public let pipeline: String
    public let path: String
    /// The locked file and the run recorded in it. `reclaimIfReplaced` swaps in a new file.
    private let file: Mutex<LockedFile>

    private struct LockedFile {
        var descriptor: Int32
        var runID: RunID?
        /// Set by `release`, after which the descriptor number may belong to another file.
        var isReleased = false
    }

    private init(pipeline: String, path: String, descriptor: Int32) {
        self.pipeline = pipeline
        self.path = path
        self.file = Mutex(LockedFile(descriptor: descriptor, runID: nil))
    }

    /// The pid and run id that the lock holder wrote into the lock file.
    public struct Holder: Sendable, Equatable {
        public let pid: Int32?
        public let runID: RunID?
    }

    /// The state of a pipeline's lock, as `probe` found it.
    public enum State: Sendable, Equatable {
        case free
        case held(Holder)
    }

    /// Takes the lock of `pipeline` without waiting, and records this process's pid in it.
    /// Throws `RunLockHeld` when another process holds it, and `RunLockError` when the lock
    /// file or its folder cannot be used.
    public static func acquire(pipeline: String, stateDirectory: String) async throws -> RunLock {
        let path = lockPath(of: pipeline, stateDirectory: stateDirectory)
        return try await BlockingWork.run {
            try RunLockFile.createFolder(of: path)
            for _ in 0..<replacedFileRetries {
                let descriptor = try RunLockFile.openRegularFile(path, flags: O_RDWR | O_CREAT)
                let isLocked: Bool
                do {
                    try takeExclusive(descriptor, path: path, pipeline: pipeline)
                    isLocked = try RunLockFile.isStillAt(path, descriptor: descriptor)
                } catch {
                    close(descriptor)
                    throw error
                }
                // The file was removed or replaced between `open` and `flock`, so the lock
                // just taken guards nothing: a process that opens the path now gets another file.
                guard isLocked else {
                    close(descriptor)
                    continue
                }
                // The file is truncated only now that this process holds its lock.
                let lock = RunLock(pipeline: pipeline, path: path, descriptor: descriptor)
                lock.writeHolder(runID: nil)
                return lock
            }
            throw RunLockError("cannot lock \(path): the file was replaced \(replacedFileRetries) times while imgpipe locked it; " +
                "stop the process that removes or replaces files under \((path as NSString).deletingLastPathComponent)")
        }
    }

    /// Records the run this process runs under the lock, so that a second process can name it.
    public func record(runID: RunID) async {
        _ = try? await BlockingWork.run { self.writeHolder(runID: runID) }
    }

    /// Releases the lock; closing the descriptor drops the `flock`.
    public func release() {
        file.withLock { file in
            guard !file.isReleased else { return }
            close(file.descriptor)
            file.isReleased = true
        }
    }

    /// The outcome of `reclaimIfReplaced`.
    public enum Reclaim: Sendable, Equatable {
        /// Nothing changed: the path still names the locked file, or it was replaced again
        /// during the call, which the next call handles.
        case unchanged
        /// The file had been removed or replaced, and this process locked the new one.
        case retaken
        /// The file had been removed or replaced, and another process locked the new one, so
        /// two processes run the pipeline now.
        case lost(RunLockHeld)
    }

    /// Checks that the path still names the locked file, and otherwise locks the file now at
    /// the path, creating it if it is missing. A lock on a removed file excludes no other process,
    /// because the next process to start creates and locks a new file. Blocks on file I/O.
    public func reclaimIfReplaced() throws -> Reclaim {
        try file.withLock { file in
            if file.isReleased { return .unchanged }
            if try RunLockFile.isStillAt(path, descriptor: file.descriptor) { return .unchanged }

            try RunLockFile.createFolder(of: path)
            let descriptor = try RunLockFile.openRegularFile(path, flags: O_RDWR | O_CREAT)
            do {
                try Self.takeExclusive(descriptor, path: path, pipeline: pipeline)
            } catch let held as RunLockHeld {
                close(descriptor)
                return .lost(held)
            } catch {
                close(descriptor)
                throw error
            }
            guard try RunLockFile.isStillAt(path, descriptor: descriptor) else {
                close(descriptor)
                return .unchanged
            }
            close(file.descriptor)
            file.descriptor = descriptor
            RunLockFile.write(Self.holderText(runID: file.runID), to: descriptor)
            return .retaken
        }
    }

    /// Returns whether a process holds the lock of `pipeline` now, and what its file records.
    ///
    /// The check takes a shared lock for an instant instead of the exclusive one. A process
    /// that starts the pipeline at that moment finds the shared lock, and `acquire` then tries
    /// again instead of failing.
    public static func probe(pipeline: String, stateDirectory: String) throws -> State {
        let path = lockPath(of: pipeline, stateDirectory: stateDirectory)
        guard FileManager.default.fileExists(atPath: path) else { return .free }
        let descriptor = try RunLockFile.openRegularFile(path, flags: O_RDONLY)
        defer { close(descriptor) }

        if try RunLockFile.tryLock(descriptor, LOCK_SH, path: path) {
            flock(descriptor, LOCK_UN)
            return .free
        }
        return .held(RunLockFile.readHolder(descriptor))
    }

    /// Returns the lock file of `pipeline`. Every byte of the name but ASCII letters, digits,
    /// `-` and `_` is percent-encoded, so that no name reaches outside the folder or collides
    /// with another. A name too long for a file name is cut and followed by its SHA-256.
    public static func lockPath(of pipeline: String, stateDirectory: String) -> String {
        var name = ""
        for byte in pipeline.utf8 {
            let isPlain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
            name += isPlain ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        if name.count > maxPlainNameLength {
            name = String(name.prefix(maxPlainNameLength / 2)) + "-" + SHA256.hash(Data(pipeline.utf8)).hex
        }
        return stateDirectory + "/locks/" + (name.isEmpty ? "%00" : name) + ".lock"
    }

    /// The longest encoded name used as it is; file names are limited to 255 bytes on Linux.
    static let maxPlainNameLength = 200

    /// How often `acquire` opens the path again when the file it locked was no longer there.
    static let replacedFileRetries = 20

    /// How often `acquire` tries again while only `probe` calls hold the lock, 1 ms apart.
    static let probeRetries = 200

    private static func takeExclusive(_ descriptor: Int32, path: String, pipeline: String) throws {
        for _ in 0..<probeRetries {
            if try RunLockFile.tryLock(descriptor, LOCK_EX, path: path) { return }
            // A shared lock is granted only while no process holds the exclusive one, so the
            // holders are `probe` calls, which let go within microseconds.
            guard try RunLockFile.tryLock(descriptor, LOCK_SH, path: path) else {
                throw RunLockHeld(pipeline: pipeline, path: path, holder: RunLockFile.readHolder(descriptor))
            }
            flock(descriptor, LOCK_UN)
            usleep(1000)
        }
        throw RunLockHeld(pipeline: pipeline, path: path, holder: Holder(pid: nil, runID: nil))
    }

    private func writeHolder(runID: RunID?) {
        file.withLock { file in
            file.runID = runID
            RunLockFile.write(Self.holderText(runID: runID), to: file.descriptor)
        }
    }

    private static func holderText(runID: RunID?) -> String {
        var text = "pid=\(getpid())\n"
        if let runID { text += "run_id=\(runID.rawValue)\n" }
        return text
    }
}

/// The error of `RunLock.acquire` when another process runs the pipeline.
public struct RunLockHeld: Error, Sendable, Equatable, CustomStringConvertible {
    public let pipeline: String
    public let path: String
    public let holder: RunLock.Holder

    public var description: String {
        let run = holder.runID.map { " (run \($0.rawValue))" } ?? ""
        guard let pid = holder.pid else {
            return "pipeline '\(pipeline)' is already running in another process\(run), which holds \(path); " +
                "wait for it to finish or stop that process"
        }
        return "pipeline '\(pipeline)' is already running in process \(pid)\(run); wait for it to finish or stop process \(pid)"
    }
}
