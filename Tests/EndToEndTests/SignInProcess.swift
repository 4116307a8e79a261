import Dispatch
import Foundation
import Synchronization

/// A running `imgpipe auth login` whose stderr the test reads while it runs, and whose standard
/// input the test can write a PIN to.
final class SignInProcess: Sendable {
    private struct ErrorStream {
        var text = ""
        var closed = false
        /// Each waiter's needle, or nil for a waiter that waits for stderr to close.
        var waiters: [(needle: String?, continuation: CheckedContinuation<String?, Never>)] = []
    }

    private let process: Process
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let stream = Mutex(ErrorStream())
    private let collectedOutput: PipeCollector
    private let exited = DispatchSemaphore(value: 0)

    init(_ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = BuiltBinary.url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = RepositoryPaths.root
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [exited] _ in exited.signal() }
        self.process = process
        collectedOutput = PipeCollector(output)

        // The handler keeps `self` alive until stderr closes, and then lets go of it.
        errors.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            }
            receive(data)
        }
        try process.run()
    }

    private func receive(_ data: Data) {
        let ready = stream.withLock { stream -> [(CheckedContinuation<String?, Never>, String?)] in
            stream.text += String(decoding: data, as: UTF8.self)
            stream.closed = stream.closed || data.isEmpty
            var ready: [(CheckedContinuation<String?, Never>, String?)] = []
            stream.waiters.removeAll { waiter in
                let line = Self.line(containing: waiter.needle, in: stream.text)
                guard line != nil || stream.closed else { return false }
                ready.append((waiter.continuation, line))
                return true
            }
            return ready
        }
        for (continuation, line) in ready {
            continuation.resume(returning: line)
        }
    }

    /// Returns the first complete line (ended by a newline) that contains `needle`.
    private static func line(containing needle: String?, in text: String) -> String? {
        guard let needle, let lastNewline = text.lastIndex(of: "\n") else { return nil }
        return text[..<lastNewline].split(separator: "\n").first { $0.contains(needle) }.map(String.init)
    }

    /// Waits for a whole stderr line containing `needle`, or with nil for stderr to close;
    /// returns nil when stderr closes without such a line.
    func errorLine(containing needle: String?) async -> String? {
        await withCheckedContinuation { continuation in
            let immediate = stream.withLock { stream -> String?? in
                if let line = Self.line(containing: needle, in: stream.text) {
                    return .some(line)
                }
                if stream.closed { return .some(nil) }
                stream.waiters.append((needle, continuation))
                return nil
            }
            if let immediate {
                continuation.resume(returning: immediate)
            }
        }
    }

    /// Waits for the authorize URL that `auth login` prints on stderr.
    func authorizeURL() async throws -> URL {
        guard let line = await errorLine(containing: "/oauth2/authorize?"),
              let url = URL(string: line.trimmingCharacters(in: .whitespaces)) else {
            throw HarnessError("auth login printed no authorize URL; stderr: \(stream.withLock { $0.text })")
        }
        return url
    }

    func writeInput(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits for the exit on a Dispatch thread, so the cooperative pool stays free.
    func wait() async -> BuiltBinary.Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.exited.wait()
                continuation.resume()
            }
        }
        _ = await errorLine(containing: nil)
        return BuiltBinary.Result(status: process.terminationStatus, standardOutput: await collectedOutput.finish(),
                                  standardError: stream.withLock { $0.text })
    }

    /// Ends a process that a failed test left waiting; harmless after it exited.
    func terminate() {
        if process.isRunning {
            process.terminate()
        }
    }
}
