import Dispatch
import Foundation

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
        return Result(status: status, standardOutput: collectedOutput.finish(), standardError: collectedErrors.finish())
    }
}

/// Drains a pipe on a Dispatch thread so that a chatty child never blocks on a full pipe.
final class PipeCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        DispatchQueue.global().async {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func finish() -> String {
        done.wait()
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

    /// Waits for the exit on a Dispatch thread, so the cooperative pool stays free.
    func wait() async -> BuiltBinary.Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.exited.wait()
                continuation.resume()
            }
        }
        return BuiltBinary.Result(
            status: process.terminationStatus,
            standardOutput: collectedOutput?.finish() ?? "",
            standardError: collectedErrors?.finish() ?? ""
        )
    }
}
