import Foundation

/// The check that commands run on `--state-dir` before they open anything in it.
enum StateDirectoryCheck {
    /// Fails with exit code 2 when `path` exists and is not a directory, where Foundation's
    /// own error would be a dump of `NSCocoaErrorDomain` fields. A missing path passes,
    /// because the commands that write create it.
    static func requireDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return }
        throw CommandFailure("invalid state directory: \(path) exists and is not a directory; " +
            "move that file away, or pass --state-dir naming a directory", exitCode: .usage)
    }
}
