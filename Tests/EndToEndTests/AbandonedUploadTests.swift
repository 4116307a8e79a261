import Foundation
import SQLite
import Testing

/// `run --new-run` after a process died with uploads in flight. An upload that the abandoned
/// run claimed without recording its result is looked up in the account's images when signed
/// in, or recorded as an unknown outcome when anonymous. It is not sent again without `--force`.
///
/// Each test first finishes a real run, then removes from its log everything after the upload
/// claim of some items and marks the run as running again. The log is then what a SIGKILL
/// leaves right after the sandbox stored those uploads, without waiting on a race.
@Suite("Abandoned uploads", .serialized)
struct AbandonedUploadTests {
    static let images: [Data] = (0..<4).map { TinyPNG.data(width: 5, height: 5, seed: 3000 + $0) }
    /// How many items of the first run lose their upload result.
    static let abandoned = 2

    @Test("signed-in new run records the found upload")
    func signedInNewRunFindsUpload() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let first = try await run.resume()
        let lost = try Self.forgetUploadResults(of: first.runID, count: Self.abandoned, in: run)

        let fresh = try await run.imgpipe(Array(run.runArguments.dropLast(2)) + ["--new-run"])
        #expect(fresh.status == 0, "stderr: \(fresh.standardError.suffix(2000))")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(fresh.standardOutput.utf8))
        #expect(summary.runID != first.runID)
        #expect(summary.done == Self.abandoned, "the abandoned uploads are recorded as done")
        #expect(summary.skipped == Self.images.count - Self.abandoned)

        let stored = run.harness.sandbox.storedImages()
        #expect(stored.count == Self.images.count, "the sandbox contains each file once")
        #expect(Set(stored.compactMap(\.name)) == run.hashes)

        let finished = try await run.harness.events(of: summary.runID).filter { $0.type == "stage.finished" && $0.stage == "upload" }
        let storedIDs = Set(stored.map(\.id))
        #expect(finished.count == Self.abandoned)
        #expect(Set(finished.compactMap { $0.payload["sha256"]?.stringValue }) == lost)
        #expect(finished.allSatisfy { storedIDs.contains($0.payload["id"]?.stringValue ?? "") }, "the recorded upload is the stored image")
    }

    @Test("anonymous new run marks outcome unknown")
    func anonymousNewRunMarksUnknown() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero, account: "anonymous: true")
        defer { run.stopInBackground() }
        let first = try await run.resume()
        let lost = try Self.forgetUploadResults(of: first.runID, count: Self.abandoned, in: run)
        let arguments = Array(run.runArguments.dropLast(2)) + ["--new-run"]

        let fresh = try await run.imgpipe(arguments)
        #expect(fresh.status == 1, "an unknown outcome fails its item: \(fresh.standardError.suffix(2000))")
        #expect(fresh.standardOutput.contains("--force"))
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(fresh.standardOutput.utf8))
        #expect(summary.failed == Self.abandoned)
        #expect(summary.skipped == Self.images.count - Self.abandoned)
        #expect(run.harness.sandbox.storedImages().count == Self.images.count, "nothing was sent again")

        let unknown = try await run.harness.events(of: summary.runID).filter { $0.type == "upload.outcome_unknown" }
        #expect(Set(unknown.compactMap { $0.payload["sha256"]?.stringValue }) == lost)
        #expect(unknown.allSatisfy { $0.payload["earlier_run"]?.stringValue == first.runID })

        let again = try await run.imgpipe(arguments)
        #expect(again.status == 0, "later runs skip content with an unknown outcome: \(again.standardError.suffix(2000))")
        #expect(run.harness.sandbox.storedImages().count == Self.images.count)

        let forced = try await run.imgpipe(arguments + ["--force"])
        #expect(forced.status == 0, "stderr: \(forced.standardError.suffix(2000))")
        let names = run.harness.sandbox.storedImages().compactMap(\.name)
        #expect(lost.allSatisfy { hash in names.filter { $0 == hash }.count == 2 }, "--force uploads the unknown content again")
    }

    /// Removes every event after the upload claim of the first `count` uploaded items of
    /// `runID`, and marks the run as running. Returns the content hashes of those items.
    static func forgetUploadResults(of runID: String, count: Int, in run: CrashTrial) throws -> Set<String> {
        let database = try Database(path: run.harness.stateDirectory.appendingPathComponent("events.sqlite").path, busyTimeout: .seconds(5))
        let claims = try database.query(
            "SELECT item_id, seq FROM events WHERE run_id = ? AND stage = 'upload' AND type = 'stage.started' ORDER BY seq LIMIT ?",
            [.text(runID), .integer(Int64(count))]
        ) { (item: try $0.text(at: 0) ?? "", seq: try $0.int64(at: 1)) }
        #expect(claims.count == count)

        var hashes: Set<String> = []
        for claim in claims {
            let hash = try database.query(
                "SELECT json_extract(payload, '$.sha256') FROM events WHERE run_id = ? AND item_id = ? AND type = 'item.discovered'",
                [.text(runID), .text(claim.item)]
            ) { try $0.text(at: 0) ?? "" }
            hashes.formUnion(hash)
            try database.execute("DELETE FROM events WHERE run_id = ? AND item_id = ? AND seq > ?", [.text(runID), .text(claim.item), .integer(claim.seq)])
        }
        try database.execute("UPDATE runs SET status = 'running', finished_at = NULL, summary = NULL WHERE id = ?", [.text(runID)])
        return hashes
    }
}
