import Foundation

/// The system calls on a lock file, each checked where it is made.
enum RunLockFile {
    /// Creates the `locks` folder and the state directory above it. A path in the way that
    /// is not a folder fails with a message naming it, instead of Foundation's error dump.
    static func createFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let stateDirectory = (folder as NSString).deletingLastPathComponent
        for directory in [stateDirectory, folder] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw RunLockError("invalid state directory: \(directory) exists and is not a directory; " +
                    "move that file away, or pass --state-dir naming a directory")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw RunLockError("cannot create the run lock folder \(folder): \(reason); " +
                "check that the state directory is writable, or pass --state-dir naming another one")
        }
    }

    /// Opens the lock file without following a symbolic link, and fails unless it is a
    /// regular file, so that no link or device at the path receives the holder's lines.
    /// `O_NONBLOCK` keeps a FIFO at the path from blocking the open.
    static func openRegularFile(_ path: String, flags: Int32) throws -> Int32 {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP {
                throw notRegularFile(path, kind: "a symbolic link")
            }
            throw RunLockError("cannot open the run lock file \(path): \(String(cString: strerror(code))); check that the state directory is writable")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw RunLockError("cannot read the status of the run lock file \(path): \(String(cString: strerror(code)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw notRegularFile(path, kind: "not a regular file")
        }
        return descriptor
    }

    private static func notRegularFile(_ path: String, kind: String) -> RunLockError {
        RunLockError("invalid run lock file: \(path) is \(kind); remove it, with no imgpipe process running this pipeline, " +
            "and imgpipe creates a regular file there")
    }

    /// Returns whether the path still names the file open at `descriptor`, comparing device
    /// and inode. False when the path was removed, or replaced by another file.
    static func isStillAt(_ path: String, descriptor: Int32) throws -> Bool {
        var opened = stat()
        guard fstat(descriptor, &opened) == 0 else {
            throw RunLockError("cannot read the status of the run lock file \(path): \(String(cString: strerror(errno)))")
        }
        var current = stat()
        guard lstat(path, &current) == 0 else {
            if errno == ENOENT { return false }
            throw RunLockError("cannot read the status of the run lock file \(path): \(String(cString: strerror(errno)))")
        }
        return opened.st_dev == current.st_dev && opened.st_ino == current.st_ino
    }

    /// Returns true when `operation` (`LOCK_EX` or `LOCK_SH`) was granted, false when another
    /// open file holds a lock that conflicts with it.
    static func tryLock(_ descriptor: Int32, _ operation: Int32, path: String) throws -> Bool {
        while flock(descriptor, operation | LOCK_NB) != 0 {
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            default: throw RunLockError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
        return true
    }

    /// Reads what the holder recorded; a file being rewritten at that moment reads as empty.
    static func readHolder(_ descriptor: Int32) -> RunLock.Holder {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return RunLock.Holder(pid: nil, runID: nil) }

        var fields: [String: String] = [:]
        for line in String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        let runID = fields["run_id"].flatMap { $0.isEmpty ? nil : RunID(rawValue: $0) }
        return RunLock.Holder(pid: fields["pid"].flatMap { Int32($0) }, runID: runID)
    }

    /// Overwrites the file with `text`. The write comes before the truncation, so that a
    /// reader never sees an empty file when the text only grows.
    static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        guard pwrite(descriptor, bytes, bytes.count, 0) == bytes.count else { return }
        ftruncate(descriptor, off_t(bytes.count))
    }
}

/// A run lock file, or a folder above it, that could not be created, opened or locked.
public struct RunLockError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
