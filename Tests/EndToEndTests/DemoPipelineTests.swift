import Foundation
import ImgurSandbox
import Testing
import Webhooks

/// The built binary runs `pipelines/demo.yaml` against an in-process sandbox and webhook
/// receiver, and the test checks what arrived against what the event log says.
@Suite("Demo pipeline end to end")
struct DemoPipelineTests {
    @Test("every photo uploaded, signed and logged")
    func demoPipeline() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }

        let result = try await BuiltBinary.run(
            ["run", "pipelines/demo.yaml", "--json", "--state-dir", harness.stateDirectory.path],
            environment: harness.environment()
        )
        #expect(result.status == 0, "stderr: \(result.standardError)")

        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        let photoCount = try harness.photoCount()
        #expect(summary.done == photoCount)
        #expect(summary.failed == 0)

        let events = try await harness.events(of: summary.runID)
        try checkStoredImages(harness.sandbox.storedImages(), against: events, expected: photoCount)
        try checkEventChains(events, expected: photoCount)

        let deliveries = await harness.receiver.waitForDeliveries(count: photoCount + 1, timeout: .seconds(10))
        #expect(deliveries.count == photoCount + 1)
        #expect(deliveries.allSatisfy { $0.verified })
        #expect(deliveries.filter { $0.type == "image.uploaded" }.count == photoCount)
        #expect(deliveries.filter { $0.type == "run.completed" }.count == 1)
    }

    @Test("missing sign-in stops before any upload")
    func signInRequired() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }

        var environment = harness.environment()
        environment["IMGUR_ACCESS_TOKEN"] = nil
        environment["IMGUR_REFRESH_TOKEN"] = nil
        let result = try await BuiltBinary.run(
            ["run", "pipelines/demo.yaml", "--state-dir", harness.stateDirectory.path],
            environment: environment
        )

        #expect(result.status == 3, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("sign-in required"))
        #expect(harness.sandbox.storedImages().isEmpty)
    }

    @Test("rejected tokens stop the run with exit 3")
    func rejectedTokens() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }

        var environment = harness.environment()
        environment["IMGUR_ACCESS_TOKEN"] = String(repeating: "0", count: 40)
        environment["IMGUR_REFRESH_TOKEN"] = String(repeating: "1", count: 40)
        let result = try await BuiltBinary.run(
            ["run", "pipelines/demo.yaml", "--state-dir", harness.stateDirectory.path],
            environment: environment
        )

        #expect(result.status == 3, "stderr: \(result.standardError)")
        #expect(harness.sandbox.storedImages().isEmpty)
        #expect(!result.standardError.contains(String(repeating: "1", count: 40)), "the refresh token leaked into the output")
    }

    private func checkStoredImages(_ stored: [SandboxImage], against events: [EventDocument], expected: Int) throws {
        #expect(stored.count == expected)
        let uploads = events.filter { $0.type == "stage.finished" && $0.stage == "upload" }
        #expect(uploads.count == expected)

        for upload in uploads {
            let id = try #require(upload.payload["id"]?.stringValue)
            let prepared = try #require(upload.payload["prepared_sha256"]?.stringValue)
            let image = try #require(stored.first { $0.id == id }, "upload \(id) is not in the sandbox")
            #expect(image.sha256 == prepared, "stored bytes of \(id) differ from the logged prepared_sha256")
            #expect(image.name == upload.payload["sha256"]?.stringValue, "the name field should carry the source hash")
        }
    }

    private func checkEventChains(_ events: [EventDocument], expected: Int) throws {
        let items = Set(events.compactMap(\.itemID))
        #expect(items.count == expected)

        for item in items {
            let itemEvents = events.filter { $0.itemID == item }
            let chain = itemEvents.filter { !$0.type.hasPrefix("webhook.") }.map { "\($0.type) \($0.stage ?? "")" }
            let webhookEvents = itemEvents.filter { $0.type.hasPrefix("webhook.") }.map(\.type)
            #expect(webhookEvents == ["webhook.queued", "webhook.delivered"], "item \(item) has the webhook events \(webhookEvents)")
            var required = ["item.discovered ingest"]
            for stage in ["metadata", "resize", "authenticate", "upload", "notify"] {
                required += ["stage.started \(stage)", "stage.finished \(stage)"]
            }
            #expect(chain == required, "item \(item) has the chain \(chain)")
        }
    }
}
