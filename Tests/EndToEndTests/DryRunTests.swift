import Foundation
import Testing

/// `run --dry-run` prepares images locally, reports the plan, and changes nothing remote.
@Suite("Dry run end to end")
struct DryRunTests {
    @Test("plan reported, nothing uploaded or logged")
    func dryRunChangesNothing() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }

        let result = try await BuiltBinary.run(
            ["run", "pipelines/demo.yaml", "--dry-run", "--json", "--state-dir", harness.stateDirectory.path],
            environment: harness.environment()
        )

        #expect(result.status == 0, "stderr: \(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let plan = try #require(document["plan"] as? [String])
        let photos = try harness.photoCount()
        #expect(document["dry_run"] as? Bool == true)
        #expect(document["done"] as? Int == photos)
        #expect(plan.filter { $0.contains("upload ") }.count == photos)
        #expect(plan.filter { $0.contains("send image.uploaded") }.count == photos)
        #expect(harness.sandbox.storedImages().isEmpty)
        #expect(harness.receiver.deliveries().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: harness.stateDirectory.appendingPathComponent("events.sqlite").path))
    }
}
