import Foundation
import ImgurSandbox
import SQLite
import Testing

/// How long `imgpipe serve` lets an upload in flight finish after SIGTERM: the definition's
/// `shutdown_timeout`, unless `--shutdown-timeout` overrides it.
@Suite("Serve shutdown timeout end to end")
struct ServeShutdownTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let flag: String?
        /// Delay the sandbox adds to each API request.
        let latency: Duration
        let uploadsFinished: Int
        /// Maximum time from SIGTERM to exit.
        let maximumDrain: Duration

        var testDescription: String { label }
    }

    static let cases = [
        Case(label: "definition's 1s cuts a 20s upload short", flag: nil, latency: .seconds(20), uploadsFinished: 0, maximumDrain: .seconds(10)),
        Case(label: "flag's 30s outlasts a 3s upload", flag: "30s", latency: .seconds(3), uploadsFinished: 1, maximumDrain: .seconds(30)),
    ]

    @Test("shutdown_timeout governs the drain", arguments: cases)
    func drainLimit(_ testCase: Case) async throws {
        var configuration = SandboxConfiguration(dataDirectory: try RepositoryPaths.temporaryFolder("serve-shutdown"))
        configuration.latency = testCase.latency
        let harness = try DemoHarness(sandboxConfiguration: configuration)
        defer { harness.stop() }
        let folder = try WatchedFolder(stableFor: "100ms", extraStages: """
          - type: authenticate
            anonymous: true
          - type: upload

        shutdown_timeout: 1s

        """)
        let flag = testCase.flag.map { ["--shutdown-timeout", $0] } ?? []
        let (binary, _) = try await folder.serve(with: harness, extraArguments: flag)
        try TinyPNG.data(width: 4, height: 4, seed: 31).write(to: folder.inbox.appendingPathComponent("slow.png"))
        try await waitFor("an upload in flight") { try Self.uploadEvents("stage.started", in: folder) == 1 }

        let signalled = ContinuousClock.now
        binary.signal(SIGTERM)
        let result = await binary.wait()
        let drain = ContinuousClock.now - signalled

        #expect(result.status == 143, "stderr: \(result.standardError.suffix(2000))")
        #expect(try Self.uploadEvents("stage.finished", in: folder) == testCase.uploadsFinished)
        #expect(drain < testCase.maximumDrain, "the process exited \(drain) after SIGTERM")
    }

    /// Counts the upload stage's events of `type` in the event log.
    static func uploadEvents(_ type: String, in folder: WatchedFolder) throws -> Int {
        let database = try Database(path: folder.state.appendingPathComponent("events.sqlite").path, mode: .readOnly, busyTimeout: .seconds(1))
        let counts = try database.query("SELECT count(*) FROM events WHERE type = ? AND stage = 'upload'", [.text(type)]) { try $0.int64(at: 0) }
        return Int(counts.first ?? 0)
    }
}
