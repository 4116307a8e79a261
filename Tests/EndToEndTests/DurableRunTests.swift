import Foundation
import Testing

/// Idempotency, ingest's `after`, unknown upload outcomes and the webhook outbox, run through
/// the built binary against the sandbox and a webhook receiver.
@Suite("Durable runs", .serialized)
struct DurableRunTests {
    static let images: [Data] = (0..<6).map { TinyPNG.data(width: 5, height: 5, seed: 1000 + $0) }

    @Test("uploaded content skipped, even renamed")
    func uploadedContentSkipped() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let first = try await run.resume()
        #expect(run.harness.sandbox.storedImages().count == 6)

        let files = FileManager.default
        try files.createDirectory(at: run.harness.images.appendingPathComponent("moved"), withIntermediateDirectories: true)
        try files.moveItem(at: run.harness.images.appendingPathComponent("tiny-0000.png"), to: run.harness.images.appendingPathComponent("renamed.png"))
        try files.moveItem(at: run.harness.images.appendingPathComponent("tiny-0001.png"), to: run.harness.images.appendingPathComponent("moved/tiny-0001.png"))

        let second = try await run.resume()
        #expect(second.runID != first.runID, "a finished run is never reopened")
        #expect(second.skipped == 6)
        #expect(second.done == 0)
        #expect(run.harness.sandbox.storedImages().count == 6)
        let skips = try await run.harness.events(of: second.runID).filter { $0.type == "item.skipped" }
        #expect(skips.count == 6)
        #expect(skips.allSatisfy { $0.payload["earlier_run"]?.stringValue == first.runID })
        #expect(skips.allSatisfy { ($0.payload["link"]?.stringValue ?? "").hasPrefix("http") })

        let forced = try await run.imgpipe(run.runArguments.dropLast(2) + ["--force"])
        #expect(forced.status == 0, "stderr: \(forced.standardError)")
        #expect(run.harness.sandbox.storedImages().count == 12)
    }

    @Test("after move leaves failed files")
    func afterMoveLeavesFailedFiles() async throws {
        let runFolder = try RepositoryPaths.temporaryFolder("done")
        defer { try? FileManager.default.removeItem(at: runFolder) }
        let run = try CrashTrial(images: Self.images, latency: .zero, ingestOptions: ["after: {move: \(runFolder.path)}"])
        defer { run.stopInBackground() }
        try Data("not an image".utf8).write(to: run.harness.images.appendingPathComponent("broken.png"))

        let result = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(result.status == 1, "the broken file fails its item: \(result.standardError)")

        let moved = try FileManager.default.contentsOfDirectory(atPath: runFolder.path)
        let left = try FileManager.default.contentsOfDirectory(atPath: run.harness.images.path)
        #expect(moved.count == 6)
        #expect(!moved.contains("broken.png"))
        #expect(left == ["broken.png"])
    }

    @Test("after delete removes only finished files")
    func afterDeleteKeepsFailedFiles() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero, ingestOptions: ["after: delete"])
        defer { run.stopInBackground() }
        try Data("not an image".utf8).write(to: run.harness.images.appendingPathComponent("broken.png"))

        let result = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(result.status == 1, "the broken file fails its item: \(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.harness.images.path) == ["broken.png"])
    }

    @Test("dismissed deliveries are not retried")
    func dismissedNotRetried() async throws {
        let run = try CrashTrial(images: Array(Self.images.prefix(2)), latency: .zero, notifyOptions: ["attempts: 1", "wait: 2s"])
        defer { run.stopInBackground() }
        run.harness.receiver.setStatusOverride(500)
        _ = try await run.imgpipe(Array(run.runArguments.dropLast(2)))

        let listed = try await run.imgpipe(["webhooks", "list", "--json", "--status", "dead"])
        let document = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        let ids = ((document?["deliveries"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        #expect(ids.count == 3)
        let dismissed = try await run.imgpipe(["webhooks", "dismiss", ids[0]])
        #expect(dismissed.status == 0, "stderr: \(dismissed.standardError)")

        run.harness.receiver.setStatusOverride(nil)
        let before = run.harness.receiver.deliveries().count
        let retried = try await run.imgpipe(["webhooks", "retry", "--definition", run.definition.path])
        #expect(retried.status == 0, "stderr: \(retried.standardError)")
        let sentIDs = Set(run.harness.receiver.deliveries().dropFirst(before).map(\.id))
        #expect(sentIDs == Set(ids.dropFirst()))
        #expect(try await deliveries(run, status: "dismissed") == 1)
    }

    @Test("dead letters fail items until retried")
    func deadLettersRetried() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero, notifyOptions: ["attempts: 2", "first_retry_delay: 10ms", "wait: 5s"])
        defer { run.stopInBackground() }
        run.harness.receiver.setStatusOverride(500)

        let result = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(result.status == 1, "dead-lettered webhooks count as failed items: \(result.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        #expect(summary.failed == 6)
        #expect(try await deliveries(run, status: "dead") >= 6)

        run.harness.receiver.setStatusOverride(nil)
        let retried = try await run.imgpipe(["webhooks", "retry", "--definition", run.definition.path, "--json"])
        #expect(retried.status == 0, "stderr: \(retried.standardError)")
        #expect(try await deliveries(run, status: "dead") == 0)
        #expect(try await deliveries(run, status: "delivered") == 7)

        let received = run.harness.receiver.deliveries().filter { $0.type == "image.uploaded" }
        let attemptsByID = Dictionary(grouping: received, by: \.id)
        #expect(attemptsByID.count == 6)
        #expect(attemptsByID.values.allSatisfy { $0.count == 3 }, "two failed attempts and one retry share each webhook-id")
    }

    @Test("410 disables the endpoint until enabled")
    func goneDisablesEndpoint() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero, notifyOptions: ["wait: 2s"])
        defer { run.stopInBackground() }
        run.harness.receiver.setStatusOverride(410)

        let result = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(result.status == 0, "pending webhooks do not fail the run: \(result.standardError)")
        #expect(result.standardOutput.contains("\"webhooks_pending\""))
        let listed = try await run.imgpipe(["webhooks", "list"])
        #expect(listed.standardOutput.contains("Disabled endpoint \(run.harness.receiver.url.absoluteString)"))
        let received = run.harness.receiver.deliveries().count

        run.harness.receiver.setStatusOverride(nil)
        let blocked = try await run.imgpipe(["webhooks", "retry", "--definition", run.definition.path])
        #expect(blocked.status == 1, "a disabled endpoint gets nothing")
        #expect(run.harness.receiver.deliveries().count == received)

        let enabled = try await run.imgpipe(["webhooks", "enable", run.harness.receiver.url.absoluteString, "--json"])
        #expect(enabled.status == 0, "stderr: \(enabled.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(enabled.standardOutput.utf8)) as? [String: Any]
        #expect(document?["enabled"] as? String == run.harness.receiver.url.absoluteString)
        let sent = try await run.imgpipe(["webhooks", "retry", "--definition", run.definition.path])
        #expect(sent.status == 0, "stderr: \(sent.standardError)")
        #expect(try await deliveries(run, status: "pending") == 0)
    }

    @Test("unknown upload found by content hash")
    func unknownUploadFound() async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(400))
        defer { run.stopInBackground() }

        _ = try await run.interrupt(afterEvents: 1, where: "type = 'stage.started' AND stage = 'upload'", with: SIGKILL)
        let summary = try await run.resume()
        #expect(summary.failed == 0)
        try await run.checkInvariants(runID: summary.runID, label: "after a kill during an upload")
    }

    @Test("anonymous unknown outcome not resent")
    func anonymousUnknownOutcome() async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(400), account: "anonymous: true")
        defer { run.stopInBackground() }

        _ = try await run.interrupt(afterEvents: 1, where: "type = 'stage.started' AND stage = 'upload'", with: SIGKILL)
        let resumed = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(resumed.status == 1, "an unknown outcome fails its item: \(resumed.standardError)")
        #expect(resumed.standardOutput.contains("--force"))

        let again = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(again.status == 0, "later runs skip the unknown upload: \(again.standardError)")
        let stored = run.harness.sandbox.storedImages().count
        let forced = try await run.imgpipe(run.runArguments.dropLast(2) + ["--force"])
        #expect(forced.status == 0, "stderr: \(forced.standardError)")
        #expect(run.harness.sandbox.storedImages().count == stored + 6)
    }

    // The next two tests kill the run once two uploads have finished. The sandbox's latency
    // keeps the others in flight, so that a loaded machine still detects that moment.
    @Test("resume RUN_ID keeps the run id")
    func resumeKeepsRunID() async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(300))
        defer { run.stopInBackground() }
        _ = try await run.interrupt(afterEvents: 2, where: "type = 'stage.finished' AND stage = 'upload'", with: SIGKILL)
        let runID = try await newestRunID(run)

        let resumed = try await run.imgpipe(["resume", runID, "--json"])
        #expect(resumed.status == 0, "stderr: \(resumed.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(resumed.standardOutput.utf8))
        #expect(summary.runID == runID)
        try await run.checkInvariants(runID: runID, label: "after resume \(runID)")

        let finished = try await run.imgpipe(["resume", runID])
        #expect(finished.status == 2, "a finished run cannot be resumed")
    }

    @Test("--new-run leaves the unfinished run")
    func newRunStartsAfresh() async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(300))
        defer { run.stopInBackground() }
        _ = try await run.interrupt(afterEvents: 2, where: "type = 'stage.finished' AND stage = 'upload'", with: SIGKILL)
        let abandoned = try await newestRunID(run)

        let fresh = try await run.imgpipe(Array(run.runArguments.dropLast(2)) + ["--new-run"])
        #expect(fresh.status == 0, "stderr: \(fresh.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(fresh.standardOutput.utf8))
        #expect(summary.runID != abandoned)
        #expect(summary.skipped >= 2, "content the abandoned run uploaded is skipped")
    }

    private func newestRunID(_ run: CrashTrial) async throws -> String {
        let listed = try await run.imgpipe(["runs", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        let runs = document?["runs"] as? [[String: Any]]
        return try #require(runs?.first?["id"] as? String)
    }

    private func deliveries(_ run: CrashTrial, status: String) async throws -> Int {
        let listed = try await run.imgpipe(["webhooks", "list", "--json", "--status", status])
        let document = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        return (document?["deliveries"] as? [Any])?.count ?? -1
    }
}
