import Foundation
import ImgurSandbox
import Testing

/// `imgpipe failed` and `replay --failed` after failed uploads, run through the built binary
/// against a sandbox that fails every upload until the test lets it recover.
@Suite("Failed list", .serialized)
struct FailedListTests {
    @Test("failed lists a replayed item once")
    func failedListsReplayedItemOnce() async throws {
        let trial = try FailingUploads()
        defer { trial.stop() }
        let original = try await trial.runWithFailedUpload()

        // Two replays that fail again leave one failed item, listed with the latest failure.
        var latest = original
        for _ in 0..<2 {
            let replayed = try await trial.imgpipe(["replay", original, "--from", "upload", "--failed", "--json", "--quiet"])
            #expect(replayed.status == 1, "the upload fails again: \(replayed.standardError)")
            latest = try JSONDecoder().decode(SummaryDocument.self, from: Data(replayed.standardOutput.utf8)).runID
        }
        let listed = try await trial.failedItems()
        #expect(listed.count == 1)
        #expect(listed.first?["run_id"] as? String == latest)
        let text = try await trial.imgpipe(["failed"])
        #expect(text.standardOutput.split(separator: "\n").count == 1, "stdout: \(text.standardOutput)")

        // Once a replay succeeds, the item is no longer listed, as replay --failed leaves it out.
        trial.harness.sandbox.recover()
        let fixed = try await trial.imgpipe(["replay", original, "--from", "upload", "--failed", "--json", "--quiet"])
        #expect(fixed.status == 0, "stderr: \(fixed.standardError)")
        #expect(trial.harness.sandbox.storedImages().count == 1)
        #expect(try await trial.failedItems().isEmpty)
        let none = try await trial.imgpipe(["failed"])
        #expect(none.standardOutput.contains("No failed items."))

        // The item's latest replay succeeded, so a further replay --failed picks nothing.
        let again = try await trial.imgpipe(["replay", original, "--from", "upload", "--failed", "--json", "--quiet"])
        #expect(again.status == 0, "stderr: \(again.standardError)")
        let repeated = try JSONDecoder().decode(SummaryDocument.self, from: Data(again.standardOutput.utf8))
        #expect(repeated.done == 0)
        #expect(repeated.skipped == 0, "the item replayed before is not picked again")
        #expect(repeated.failed == 0)
        #expect(trial.harness.sandbox.storedImages().count == 1)
    }

    @Test("replay from upload rejects replaced source")
    func replayFromUploadRejectsReplacedSource() async throws {
        let trial = try FailingUploads()
        defer { trial.stop() }
        let original = try await trial.runWithFailedUpload()

        // The upload of an untouched source reads the file itself, so the replay checks it too.
        try TinyPNG.data(width: 6, height: 6, seed: 3001).write(to: trial.source)
        trial.harness.sandbox.recover()
        let replayed = try await trial.imgpipe(["replay", original, "--from", "upload", "--failed", "--json", "--quiet"])
        #expect(replayed.status == 1, "stderr: \(replayed.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(replayed.standardOutput.utf8))
        #expect(summary.done == 0)
        #expect(summary.failed == 1)
        #expect(trial.harness.sandbox.storedImages().isEmpty)
    }
}

/// One image and a pipeline that uploads anonymously with a single attempt, against a sandbox
/// that responds to every API request with HTTP 500 until `recover()`.
private struct FailingUploads {
    let harness: DemoHarness
    let sandboxData: URL
    let definition: URL

    init() throws {
        sandboxData = try RepositoryPaths.temporaryFolder("failing-sandbox")
        var configuration = SandboxConfiguration(dataDirectory: sandboxData)
        configuration.failureStatus = 500
        harness = try DemoHarness(sandboxConfiguration: configuration)
        try FileManager.default.removeItem(at: harness.images)
        try FileManager.default.createDirectory(at: harness.images, withIntermediateDirectories: true)

        definition = harness.folder.appendingPathComponent("failing.yaml")
        try """
        name: failing
        defaults:
          retry:
            max_attempts: 1
        stages:
          - type: ingest
            path: ${IMGPIPE_DEMO_IMAGES}
          - type: metadata
          - type: resize
          - type: authenticate
            anonymous: true
          - type: upload
        """.write(to: definition, atomically: true, encoding: .utf8)
        try TinyPNG.data(width: 5, height: 5, seed: 3000).write(to: source)
    }

    var source: URL {
        harness.images.appendingPathComponent("tiny.png")
    }

    var runArguments: [String] {
        ["run", definition.path, "--json", "--quiet"]
    }

    /// Runs the pipeline, whose one upload fails, and returns the run's id.
    func runWithFailedUpload() async throws -> String {
        let first = try await imgpipe(runArguments)
        #expect(first.status == 1, "the upload fails: \(first.standardError)")
        return try JSONDecoder().decode(SummaryDocument.self, from: Data(first.standardOutput.utf8)).runID
    }

    func imgpipe(_ arguments: [String]) async throws -> BuiltBinary.Result {
        try await BuiltBinary.run(arguments + ["--state-dir", harness.stateDirectory.path], environment: harness.environment())
    }

    func failedItems() async throws -> [[String: Any]] {
        let listed = try await imgpipe(["failed", "--json"])
        #expect(listed.status == 0, "stderr: \(listed.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        return document?["failed"] as? [[String: Any]] ?? []
    }

    func stop() {
        harness.stop()
        try? FileManager.default.removeItem(at: sandboxData)
    }
}
