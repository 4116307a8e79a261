import Foundation
import ImgurSandbox
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
        let logPath = harness.stateDirectory.appendingPathComponent("events.sqlite").path
        let signalled = await ThreadPoller.poll(every: .milliseconds(10), timeout: .seconds(60)) {
            CrashTrial.countEvents(at: logPath, where: "type = 'stage.started' AND stage = 'upload'") > 0
        } then: {
            binary.signal(SIGTERM)
        }
        if !signalled {
            binary.signal(SIGKILL)
        }
        try #require(signalled, "no upload started within 60 s")
        let result = await binary.wait()

        #expect(result.status == 143, "stderr: \(result.standardError)")
        let summary = try JSONDecoder().decode(InterruptedSummaryDocument.self, from: Data(result.standardOutput.utf8))
        #expect(summary.status == "interrupted")
        #expect(summary.done + summary.failed + summary.unfinished < 105, "intake stopped before every file was taken")
        #expect(summary.done >= 1)
        #expect(harness.sandbox.storedImages().count == summary.done, "every item reported done is on the sandbox, and no other")
    }
}

struct InterruptedSummaryDocument: Decodable {
    let status: String
    let done: Int
    let failed: Int
    let unfinished: Int
}
