import Dispatch
import Foundation
import Synchronization

/// Runs the `imgpipe` executable that `swift build` put next to the test bundle.
struct BuiltBinary {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    static var url: URL {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBundle.deletingLastPathComponent()
        // Under `swift test` the bundle is `<build>/debug/imgpipePackageTests.xctest`.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("imgpipe").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("imgpipe")
    }

    /// Runs the binary to completion without blocking the cooperative pool, so that servers
    /// the test hosts in-process keep answering while it runs.
    static func run(_ arguments: [String], environment: [String: String], workingDirectory: URL = RepositoryPaths.root) async throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = workingDirectory
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice

        let collectedOutput = PipeCollector(output)
        let collectedErrors = PipeCollector(errors)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(status: status, standardOutput: await collectedOutput.finish(), standardError: await collectedErrors.finish())
    }
}

/// Drains a pipe on a thread of its own so that a chatty child never blocks on a full pipe.
/// Dispatch's global queue grows its pool only every few seconds once blocked readers fill it,
/// so with many children running at once their output arrived seconds late.
///
/// `finish()` suspends instead of blocking: another child spawned at the same moment may
/// inherit the pipe's write end and keep it open until it exits, and a blocked cooperative
/// thread could then starve the in-process servers that child is waiting for.
final class PipeCollector: Sendable {
    private let state = Mutex<(data: Data?, waiter: CheckedContinuation<Data, Never>?)>((nil, nil))

    init(_ pipe: Pipe) {
        Thread { [self] in
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            let waiter = state.withLock { state in
                state.data = data
                return state.waiter
            }
            waiter?.resume(returning: data)
        }.start()
    }

    func finish() async -> String {
        let data = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
            let ready = state.withLock { state in
                if state.data == nil { state.waiter = continuation }
                return state.data
            }
            if let ready { continuation.resume(returning: ready) }
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Folders of the repository and of the shared fixtures beside it.
enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static var fixtures: URL {
        if let override = ProcessInfo.processInfo.environment["IMGPIPE_FIXTURES"] {
            return URL(fileURLWithPath: override)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    static var demoPhotographs: URL {
        root.appendingPathComponent("Sources/ImgpipeCommands/Resources/demo")
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// A started `imgpipe` process that a test can signal while it runs.
final class RunningBinary: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private var collectedOutput: PipeCollector?
    private var collectedErrors: PipeCollector?
    private let exited = DispatchSemaphore(value: 0)

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = BuiltBinary.url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = RepositoryPaths.root
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        collectedOutput = PipeCollector(output)
        collectedErrors = PipeCollector(errors)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit on a Dispatch thread, so the cooperative pool stays free. A child
    /// still running after `limit` is killed, so that a hang fails the test instead of
    /// blocking the whole suite.
    func wait(limit: DispatchTimeInterval = .seconds(120)) async -> BuiltBinary.Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                if self.exited.wait(timeout: .now() + limit) == .timedOut {
                    kill(self.process.processIdentifier, SIGKILL)
                    self.exited.wait()
                }
                continuation.resume()
            }
        }
        return BuiltBinary.Result(
            status: process.terminationStatus,
            standardOutput: await collectedOutput?.finish() ?? "",
            standardError: await collectedErrors?.finish() ?? ""
        )
    }
}
