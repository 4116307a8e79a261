import Dispatch
import Foundation
import Synchronization

/// A running `imgpipe auth login` whose stderr the test reads while it runs, and whose standard
/// input the test can write a PIN to.
final class SignInProcess: Sendable {
    private let process: Process
    private let input = Pipe()
    private let output: StreamText
    private let errors: StreamText
    private let exited = DispatchSemaphore(value: 0)

    init(_ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = BuiltBinary.url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = RepositoryPaths.root
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.terminationHandler = { [exited] _ in exited.signal() }
        self.process = process
        output = StreamText(outputPipe)
        errors = StreamText(errorPipe)
        try process.run()
    }

    /// Waits for the authorize URL that `auth login` prints on stderr.
    func authorizeURL() async throws -> URL {
        guard let line = await errors.line(containing: "/oauth2/authorize?"),
              let url = URL(string: line.trimmingCharacters(in: .whitespaces)) else {
            throw HarnessError("auth login printed no authorize URL; stderr: \(errors.text)")
        }
        return url
    }

    func writeInput(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits for the exit on a Dispatch thread, so the cooperative pool stays free, then for
    /// both output pipes to close.
    func wait() async -> BuiltBinary.Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.exited.wait()
                continuation.resume()
            }
        }
        // A child that another test spawned at the same moment may have inherited a pipe's
        // write end and keep it open, so end-of-file is awaited for a few seconds at most.
        await output.waitForClose(atMost: .seconds(5))
        await errors.waitForClose(atMost: .seconds(5))
        return BuiltBinary.Result(status: process.terminationStatus, standardOutput: output.text, standardError: errors.text)
    }

    /// Ends a process that a failed test left waiting; harmless after it exited.
    func terminate() {
        if process.isRunning {
            process.terminate()
        }
    }
}

/// The text read so far from one pipe, with waiters for a line or for end-of-file.
final class StreamText: Sendable {
    private struct State {
        var text = ""
        var closed = false
        /// Each waiter's needle, or nil for a waiter that waits for the pipe to close.
        var waiters: [(needle: String?, continuation: CheckedContinuation<String?, Never>)] = []
    }

    private let state = Mutex(State())

    init(_ pipe: Pipe) {
        // The handler keeps `self` alive until end-of-file, and then lets go of it.
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            }
            receive(data)
        }
    }

    var text: String {
        state.withLock { $0.text }
    }

    /// Appends `data`, or with empty data marks the pipe closed, and resumes the waiters that
    /// this satisfies.
    private func receive(_ data: Data) {
        let ready = state.withLock { state -> [(CheckedContinuation<String?, Never>, String?)] in
            state.text += String(decoding: data, as: UTF8.self)
            state.closed = state.closed || data.isEmpty
            var ready: [(CheckedContinuation<String?, Never>, String?)] = []
            state.waiters.removeAll { waiter in
                let line = Self.line(containing: waiter.needle, in: state.text)
                guard line != nil || state.closed else { return false }
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

    /// Waits for a whole line containing `needle`, or with nil for the pipe to close; returns
    /// nil when the pipe closes without such a line.
    func line(containing needle: String?) async -> String? {
        await withCheckedContinuation { continuation in
            let immediate = state.withLock { state -> String?? in
                if let line = Self.line(containing: needle, in: state.text) {
                    return .some(line)
                }
                if state.closed { return .some(nil) }
                state.waiters.append((needle, continuation))
                return nil
            }
            if let immediate {
                continuation.resume(returning: immediate)
            }
        }
    }

    /// Waits for end-of-file, or treats the pipe as closed after `limit`.
    func waitForClose(atMost limit: Duration) async {
        let deadline = Task { [self] in
            try? await Task.sleep(for: limit)
            if !Task.isCancelled {
                receive(Data())
            }
        }
        _ = await line(containing: nil)
        deadline.cancel()
    }
}
