import Foundation
import Synchronization

/// A destination for a command's text, so tests can capture what would go to stdout or stderr.
public protocol TextOutput: Sendable {
    func write(_ text: String)
}

extension TextOutput {
    /// Writes `line` followed by a line break.
    public func line(_ line: String = "") {
        write(line + "\n")
    }
}

/// Writes to a file handle such as the process's standard output.
public struct FileHandleOutput: TextOutput {
    public static let standardOutput = FileHandleOutput(FileHandle.standardOutput)
    public static let standardError = FileHandleOutput(FileHandle.standardError)

    private let handle: FileHandle

    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    public func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}

/// Collects everything written, for tests.
public final class CapturedOutput: TextOutput {
    private let storage = Mutex("")

    public init() {}

    public func write(_ text: String) {
        storage.withLock { $0 += text }
    }

    /// Everything written so far.
    public var text: String {
        storage.withLock { $0 }
    }
}
