import Crypto
import Foundation
import SQLite
import Testing

/// Dead letters, the audit hash chain and gc, run through the built binary against the
/// sandbox and a webhook receiver.
@Suite("Audit commands", .serialized)
struct AuditCommandTests {
    static let images: [Data] = (0..<3).map { TinyPNG.data(width: 5, height: 5, seed: 2000 + $0) }

    @Test("dead letters survive restart until dismissed")
    func deadLettersSurviveRestart() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        try Data("not an image".utf8).write(to: run.harness.images.appendingPathComponent("broken.png"))
        let result = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(result.status == 1, "the broken file fails its item: \(result.standardError)")

        // Each command is a new process, so the list comes from the log alone.
        let listed = try await failedItems(run)
        #expect(listed.count == 1)
        let letter = try #require(listed.first)
        #expect((letter["path"] as? String)?.hasSuffix("broken.png") == true)
        #expect(letter["stage"] as? String != nil)
        #expect(!((letter["error"] as? String) ?? "").isEmpty)

        let id = try #require(letter["id"] as? String)
        let dismissed = try await run.imgpipe(["failed", "dismiss", id, "--reason", "not a photo"])
        #expect(dismissed.status == 0, "stderr: \(dismissed.standardError)")
        #expect(try await failedItems(run).isEmpty)

        let runID = String(id.prefix { $0 != "/" })
        let events = try await run.harness.events(of: runID)
        let dismissal = try #require(events.first { $0.type == "item.dismissed" })
        #expect(dismissal.payload["reason"]?.stringValue == "not a photo")
        #expect(try await run.imgpipe(["audit", "verify"]).status == 0)
    }

    @Test("verify exits 6 naming the edited event")
    func verifyNamesEditedEvent() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        #expect(try await run.imgpipe(Array(run.runArguments.dropLast(2))).status == 0)
        let checkpoint = try await run.imgpipe(["audit", "checkpoint"])
        #expect(checkpoint.status == 0)
        let head = checkpoint.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        let intact = try await run.imgpipe(["audit", "verify", "--against", head])
        #expect(intact.status == 0, "stdout: \(intact.standardOutput) stderr: \(intact.standardError)")

        let database = try Database(path: run.harness.stateDirectory.appendingPathComponent("events.sqlite").path, mode: .readWrite, busyTimeout: .seconds(5))
        try database.execute("UPDATE events SET payload = '{}' WHERE seq = 3")
        let altered = try await run.imgpipe(["audit", "verify", "--json"])
        #expect(altered.status == 6)
        let document = try JSONSerialization.jsonObject(with: Data(altered.standardOutput.utf8)) as? [String: Any]
        let fault = document?["fault"] as? [String: Any]
        #expect(fault?["kind"] as? String == "altered")
        #expect(fault?["sequence"] as? Int == 3)

        let text = try await run.imgpipe(["audit", "verify"])
        #expect(text.status == 6)
        #expect(text.standardOutput.hasPrefix("Event log altered at event 3 (content changed): "))
    }

    @Test("gc keeps the chain verifiable")
    func gcKeepsChain() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        #expect(try await run.imgpipe(Array(run.runArguments.dropLast(2))).status == 0)

        let pruned = try await run.imgpipe(["gc", "--older-than", "0", "--json"])
        #expect(pruned.status == 0, "stderr: \(pruned.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(pruned.standardOutput.utf8)) as? [String: Any]
        #expect((document?["pruned_runs"] as? [String])?.count == 1)

        let verified = try await run.imgpipe(["audit", "verify", "--json"])
        #expect(verified.status == 0, "stdout: \(verified.standardOutput)")
        let result = try JSONSerialization.jsonObject(with: Data(verified.standardOutput.utf8)) as? [String: Any]
        #expect((result?["pruned"] as? Int ?? 0) > 0)
        #expect(result?["pruned"] as? Int == result?["events"] as? Int)
    }

    @Test("revert deletes exactly the run's images")
    func revertDeletesRunImages() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let first = try await run.resume()
        for index in 0..<2 {
            let image = TinyPNG.data(width: 6, height: 6, seed: 2100 + index)
            try image.write(to: run.harness.images.appendingPathComponent("later-\(index).png"))
        }
        let second = try await run.resume()
        #expect(second.done == 2)
        #expect(run.harness.sandbox.storedImages().count == 5)

        let dryRun = try await run.imgpipe(["revert", second.runID, "--dry-run"])
        #expect(dryRun.status == 0, "stderr: \(dryRun.standardError)")
        #expect(run.harness.sandbox.storedImages().count == 5)

        let reverted = try await run.imgpipe(["revert", second.runID, "--json"])
        #expect(reverted.status == 0, "stderr: \(reverted.standardError)")
        #expect(try outcomes(reverted) == ["deleted", "deleted"])
        let firstLinks = try await run.harness.events(of: first.runID).filter { $0.type == "stage.finished" && $0.stage == "upload" }.compactMap { $0.payload["id"]?.stringValue }
        #expect(Set(run.harness.sandbox.storedImages().map(\.id)) == Set(firstLinks))

        let again = try await run.imgpipe(["revert", second.runID, "--json"])
        #expect(again.status == 0, "stderr: \(again.standardError)")
        #expect(try outcomes(again) == ["already deleted", "already deleted"])
        #expect(run.harness.sandbox.storedImages().count == 3)
        #expect(try await run.imgpipe(["audit", "verify"]).status == 0)
    }

    @Test("audit names link, account and webhooks")
    func auditNamesLinkAccountWebhooks() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let summary = try await run.resume()
        let path = run.harness.images.appendingPathComponent("tiny-0001.png").path

        let byPath = try await run.imgpipe(["audit", "--file", path, "--json"])
        #expect(byPath.status == 0, "stderr: \(byPath.standardError)")
        let uploads = try uploadDocuments(byPath)
        #expect(uploads.count == 1)
        let upload = try #require(uploads.first)
        #expect(upload["run_id"] as? String == summary.runID)
        #expect((upload["link"] as? String)?.hasPrefix("http") == true)
        #expect(upload["account"] as? String != nil)
        let webhooks = upload["webhooks"] as? [[String: Any]] ?? []
        #expect(webhooks.contains { $0["status"] as? String == "delivered" })

        let sha256 = try #require(upload["sha256"] as? String)
        let bySHA = try await run.imgpipe(["audit", "--file", sha256, "--json"])
        #expect(try uploadDocuments(bySHA).count == 1)
        let byRun = try await run.imgpipe(["audit", "--run", summary.runID, "--since", "2000-01-01T00:00:00Z", "--json"])
        #expect(try uploadDocuments(byRun).count == 3)
        let future = try await run.imgpipe(["audit", "--since", "2999-01-01T00:00:00Z", "--json"])
        #expect(try uploadDocuments(future).isEmpty)
    }

    private func uploadDocuments(_ result: BuiltBinary.Result) throws -> [[String: Any]] {
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return document?["uploads"] as? [[String: Any]] ?? []
    }

    @Test("replay resends webhooks without uploading")
    func replayNotificationsOnly() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let original = try await run.resume()
        let delivered = run.harness.receiver.deliveries().count

        let dryRun = try await run.imgpipe(["replay", original.runID, "--from", "notify", "--dry-run", "--quiet"])
        #expect(dryRun.status == 0, "stderr: \(dryRun.standardError)")
        #expect(run.harness.receiver.deliveries().count == delivered, "a dry run sends nothing")

        let replayed = try await run.imgpipe(["replay", original.runID, "--from", "notify", "--json", "--quiet"])
        #expect(replayed.status == 0, "stderr: \(replayed.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(replayed.standardOutput.utf8))
        #expect(summary.runID != original.runID)
        #expect(summary.done == 3)
        #expect(run.harness.sandbox.storedImages().count == 3, "nothing is uploaded again")
        #expect(run.harness.receiver.deliveries().count >= delivered + 3)

        let events = try await run.harness.events(of: summary.runID)
        let link = events.first { $0.type == "run.replay_of" }
        #expect(link?.payload["original"]?.stringValue == original.runID)
        #expect(events.first?.type == "run.replay_started")
        #expect(events.first?.payload["original"]?.stringValue == original.runID)
        #expect(!events.contains { $0.type == "run.resumed" })
        let verified = try await run.imgpipe(["audit", "verify"])
        #expect(verified.status == 0, "stderr: \(verified.standardError)")
    }

    @Test("replay rejects a replaced source")
    func replayRejectsReplacedSource() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let (broken, runID) = try await runWithBrokenFile(run)
        let logged = SHA256.hash(Data("not an image".utf8)).hex

        // The file is replaced in place: the replay keeps the logged hash, so it must not
        // upload the new bytes under it.
        let replacement = TinyPNG.data(width: 7, height: 7, seed: 2200)
        try replacement.write(to: broken)
        let current = SHA256.hash(replacement).hex
        let replayed = try await run.imgpipe(["replay", runID, "--from", "metadata", "--failed", "--json", "--quiet"])
        #expect(replayed.status == 1, "stderr: \(replayed.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(replayed.standardOutput.utf8))
        #expect(summary.done == 0)
        #expect(summary.failed == 1)
        #expect(run.harness.sandbox.storedImages().count == 3, "nothing is uploaded for the changed file")

        let events = try await run.harness.events(of: summary.runID)
        let uploadsFinished = events.filter { $0.type == "stage.finished" && $0.stage == "upload" }
        #expect(uploadsFinished.isEmpty)
        let error = try #require(events.first { $0.type == "item.failed" }?.payload["error"]?.stringValue)
        #expect(error.contains(broken.path))
        #expect(error.contains(logged))
        #expect(error.contains(current))
        #expect(error.contains("imgpipe run"))
        let listed = try await failedItems(run)
        #expect(listed.count == 1, "the item is listed once, as its original failure")
        #expect(listed.first?["run_id"] as? String == runID)

        // A run takes the new bytes as new content, under their own hash.
        let rerun = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(rerun.status == 0, "stderr: \(rerun.standardError)")
        let rerunSummary = try JSONDecoder().decode(SummaryDocument.self, from: Data(rerun.standardOutput.utf8))
        #expect(rerunSummary.done == 1)
        #expect(run.harness.sandbox.storedImages().count == 4)
        let audited = try await run.imgpipe(["audit", "--file", current, "--json"])
        #expect(try uploadDocuments(audited).count == 1, "the upload is recorded under the new content's hash")
    }

    @Test("replay of a gone source names it")
    func replayGoneSource() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let (broken, runID) = try await runWithBrokenFile(run)

        // A source that is gone fails its item with a message naming the file.
        try FileManager.default.removeItem(at: broken)
        let gone = try await run.imgpipe(["replay", runID, "--from", "metadata", "--failed", "--json", "--quiet"])
        #expect(gone.status == 1, "stderr: \(gone.standardError)")
        let goneRun = try JSONDecoder().decode(SummaryDocument.self, from: Data(gone.standardOutput.utf8)).runID
        let failure = try await run.harness.events(of: goneRun).first { $0.type == "item.failed" }
        #expect(failure?.payload["error"]?.stringValue?.contains("\(broken.path) of item") == true)
        #expect(run.harness.sandbox.storedImages().count == 3, "only the original run uploaded")
    }

    private func outcomes(_ result: BuiltBinary.Result) throws -> [String] {
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (document?["images"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }
    }

    /// Runs the pipeline with a file that is not an image beside the good ones, and returns
    /// that file and the run, whose item for it failed.
    private func runWithBrokenFile(_ run: CrashTrial) async throws -> (broken: URL, runID: String) {
        let broken = run.harness.images.appendingPathComponent("broken.png")
        try Data("not an image".utf8).write(to: broken)
        let first = try await run.imgpipe(Array(run.runArguments.dropLast(2)))
        #expect(first.status == 1)
        let letters = try await failedItems(run)
        return (broken, try #require(letters.first?["run_id"] as? String))
    }

    private func failedItems(_ run: CrashTrial) async throws -> [[String: Any]] {
        let listed = try await run.imgpipe(["failed", "--json"])
        #expect(listed.status == 0, "stderr: \(listed.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        return document?["failed"] as? [[String: Any]] ?? []
    }
}
