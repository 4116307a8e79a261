import Foundation
import ImgurSandbox
import SQLite
import Testing

/// SIGTERM in the middle of a run stops intake, lets items in flight finish, and exits 143
/// with the run recorded as interrupted.
@Suite("Signals end to end")
struct SignalDrainTests {
    @Test("SIGTERM drains and exits 143")
    func sigtermDrains() async throws {
        var configuration = SandboxConfiguration(dataDirectory: try RepositoryPaths.temporaryFolder("slow-sandbox"))
        configuration.latency = .milliseconds(400)
        let harness = try DemoHarness(sandboxConfiguration: configuration)
        defer { harness.stop() }
        try harness.addVariants(count: 100)

        let binary = try RunningBinary(
            ["run", "pipelines/demo.yaml", "--json", "--state-dir", harness.stateDirectory.path, "--drain-timeout", "20s"],
            environment: harness.environment()
        )
        try await waitForFirstUpload(in: harness.stateDirectory.appendingPathComponent("events.sqlite").path)
        binary.signal(SIGTERM)
        let result = await binary.wait()

        #expect(result.status == 143, "stderr: \(result.standardError)")
        let summary = try JSONDecoder().decode(InterruptedSummaryDocument.self, from: Data(result.standardOutput.utf8))
        #expect(summary.status == "interrupted")
        #expect(summary.done + summary.failed + summary.unfinished < 105, "intake stopped before every file was taken")
        #expect(summary.done >= 1)
        #expect(harness.sandbox.storedImages().count == summary.done, "every item reported done is on the sandbox, and no other")
    }

    /// Polls the event log until an upload has started; the run is then mid-flight.
    private func waitForFirstUpload(in path: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: path),
               let database = try? Database(path: path, mode: .readOnly, busyTimeout: .seconds(1)),
               let started = try? database.query("SELECT count(*) FROM events WHERE type = 'stage.started' AND stage = 'upload'", row: { try $0.int64(at: 0) }).first,
               started > 0 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("no upload started within 60 s")
    }
}

struct InterruptedSummaryDocument: Decodable {
    let status: String
    let done: Int
    let failed: Int
    let unfinished: Int
}
