import Foundation
import SQLite
import Testing

@testable import Pipeline

/// Tampering with the SQLite file directly, as someone with write access to it could.
@Suite struct EventChainTests {
    enum Tampering: String, CaseIterable, Sendable {
        case editPayload, editHash, deleteRow, swapRows, insertRow, insertForgedRow
    }

    let directory: EventLogTestDirectory

    init() throws {
        directory = try EventLogTestDirectory()
    }

    /// Writes two runs whose ten events interleave: sequence numbers 1 to 10.
    func writeInterleavedLog() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        let first = RunID(rawValue: "20261204T201502123Z-000001")
        let second = RunID(rawValue: "20261204T201502123Z-000002")
        try await log.startRun(first, pipeline: "photos", definitionText: "name: photos\n", definitionSHA256: "a")
        try await log.startRun(second, pipeline: "scans", definitionText: "name: scans\n", definitionSHA256: "b")

        for index in 1...5 {
            try await log.append([NewEvent(runID: first, itemID: "a\(index).jpg", stage: "ingest", type: "item.discovered", payload: ["path": .string("in/a\(index).jpg")])])
            try await log.append([NewEvent(runID: second, itemID: "b\(index).jpg", stage: "upload", type: "stage.finished", payload: ["link": .string("https://i.imgur.com/b\(index).jpg")])])
        }
    }

    func tamper(_ tampering: Tampering) throws {
        let database = try Database(path: directory.logPath, mode: .readWrite, busyTimeout: .seconds(5))
        switch tampering {
        case .editPayload:
            try database.execute(#"UPDATE events SET payload = '{"link":"https://example.invalid/x.jpg"}' WHERE seq = 4"#)
        case .editHash:
            try database.execute("UPDATE events SET hash = '\(String(repeating: "ab", count: 32))' WHERE seq = 4")
        case .deleteRow:
            try database.execute("DELETE FROM events WHERE seq = 5")
        case .swapRows:
            try database.execute("UPDATE events SET seq = -3 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = -3")
        case .insertRow, .insertForgedRow:
            try insertRow(at: 5, forged: tampering == .insertForgedRow, into: database)
        }
    }

    /// Moves events 5 and later one place up and inserts a new event 5. A forged row carries
    /// hashes computed as the writer would have, linked to event 4.
    func insertRow(at sequence: Int64, forged: Bool, into database: Database) throws {
        for moved in (sequence...10).reversed() {
            try database.execute("UPDATE events SET seq = \(moved + 1) WHERE seq = \(moved)")
        }
        let previous = try database.query("SELECT hash FROM events WHERE seq = ?", [.integer(sequence - 1)]) { try $0.text(at: 0) ?? "" }[0]
        let content = EventChain.Content(runID: "20261204T201502123Z-000001", itemID: "x.jpg", stage: "upload", type: "stage.finished", payload: #"{"link":"https://example.invalid/x.jpg"}"#, time: 1)
        let digest = EventChain.contentDigest(content)
        let hash = forged ? EventChain.linkHash(previous: previous, content: digest) : String(repeating: "cd", count: 32)
        try database.execute(
            "INSERT INTO events (seq, run_id, item_id, stage, type, payload, time, content_sha256, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.integer(sequence), .text(content.runID), .text("x.jpg"), .text("upload"), .text(content.type), .text(content.payload), .integer(1), .text(digest), .text(previous), .text(hash)]
        )
    }

    @Test func untouchedLogVerifies() async throws {
        try await writeInterleavedLog()
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }

        let result = try await log.verifyChain()
        #expect(result.isIntact)
        #expect(result.eventCount == 10)
        #expect(result.head?.sequence == 10)
    }

    @Test(arguments: [
        (Tampering.editPayload, ChainVerification.FaultKind.altered, Int64(4)),
        (.editHash, .altered, 4),
        (.deleteRow, .removed, 5),
        (.swapRows, .reordered, 3),
        (.insertRow, .inserted, 5),
        (.insertForgedRow, .inserted, 5),
    ])
    func tamperingIsNamed(tampering: Tampering, kind: ChainVerification.FaultKind, sequence: Int64) async throws {
        try await writeInterleavedLog()
        try tamper(tampering)
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }

        let fault = try #require(try await log.verifyChain().fault)
        #expect(fault.kind == kind)
        #expect(fault.sequence == sequence)
    }

    /// Writes a run whose first event has no item and no stage and a non-ASCII payload, and
    /// whose second event gets a negative time, with the chain recomputed after that edit.
    func writeUnusualEvents() async throws {
        let run = RunID(rawValue: "20261204T201502123Z-000003")
        let log = try EventLog.open(path: directory.logPath)
        try await log.startRun(run, pipeline: "photos", definitionText: "name: photos\n", definitionSHA256: "a")
        try await log.append([
            NewEvent(runID: run, type: "run.started", payload: ["pipeline": .string("Fotos \u{FC} \u{5199}\u{771F}")]),
            NewEvent(runID: run, itemID: "1", type: "item.discovered"),
        ])
        log.close()

        let database = try Database(path: directory.logPath, mode: .readWrite, busyTimeout: .seconds(5))
        try database.execute("UPDATE events SET time = -1234567 WHERE seq = 2")
        try EventChain.backfill(database)
    }

    @Test func nullsAndNegativeTimeVerify() async throws {
        try await writeUnusualEvents()
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }

        let result = try await log.verifyChain()
        #expect(result.isIntact)
        #expect(result.eventCount == 2)
        #expect(result.head?.sequence == 2)
    }

    @Test func emptyTextForNullIsAltered() async throws {
        try await writeUnusualEvents()
        let database = try Database(path: directory.logPath, mode: .readWrite, busyTimeout: .seconds(5))
        try database.execute("UPDATE events SET item_id = '' WHERE seq = 1")
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }

        let fault = try #require(try await log.verifyChain().fault)
        #expect(fault.kind == .altered)
        #expect(fault.sequence == 1)
    }

    @Test func rewrittenChainFailsCheckpoint() async throws {
        try await writeInterleavedLog()
        let log = try EventLog.open(path: directory.logPath)
        let checkpoint = try #require(try await log.chainHead())
        log.close()

        // Edit a payload and recompute every hash after it, as a careful forger would.
        let database = try Database(path: directory.logPath, mode: .readWrite, busyTimeout: .seconds(5))
        try database.execute(#"UPDATE events SET payload = '{"link":"https://example.invalid/x.jpg"}' WHERE seq = 4"#)
        try EventChain.backfill(database)

        let reopened = try EventLog.open(path: directory.logPath)
        defer { reopened.close() }
        #expect(try await reopened.verifyChain().isIntact)
        let fault = try #require(try await reopened.verifyChain(against: checkpoint).fault)
        #expect(fault.kind == .checkpointMismatch)
        #expect(fault.sequence == 10)
    }

    @Test func checkpointParsesOwnText() throws {
        let head = ChainHead(sequence: 42, hash: String(repeating: "0f", count: 32))
        #expect(ChainHead(parsing: head.description) == head)
        #expect(ChainHead(parsing: "42") == nil)
        #expect(ChainHead(parsing: "x:\(head.hash)") == nil)
        #expect(ChainHead(parsing: "42:abc") == nil)
    }

    /// Prunes the first run, whose events are the odd sequence numbers 1 to 9, and leaves
    /// the second one running.
    func pruneFirstRun() async throws -> [RunID] {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await log.finishRun(RunID(rawValue: "20261204T201502123Z-000001"), status: RunRecord.finished, summary: [:])
        return try await log.pruneRuns(endedBefore: Date().addingTimeInterval(60))
    }

    @Test func interleavedPruningKeepsChain() async throws {
        try await writeInterleavedLog()
        let pruned = try await pruneFirstRun()
        #expect(pruned == [RunID(rawValue: "20261204T201502123Z-000001")])

        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        let result = try await log.verifyChain()
        #expect(result.isIntact)
        #expect(result.eventCount == 10)
        #expect(result.prunedCount == 5)
        let kept = try await log.events(run: RunID(rawValue: "20261204T201502123Z-000002"))
        #expect(kept.allSatisfy { $0.payload["link"] != nil })
    }

    @Test(arguments: [
        ("DELETE FROM events WHERE seq = 3", ChainVerification.FaultKind.removed, Int64(3)),
        ("UPDATE events SET hash = '\(String(repeating: "ef", count: 32))' WHERE seq = 3", .altered, 3),
        (#"UPDATE events SET payload = '{"link":"https://example.invalid/x.jpg"}' WHERE seq = 4"#, .altered, 4),
    ])
    func tamperingAfterPruningIsNamed(sql: String, kind: ChainVerification.FaultKind, sequence: Int64) async throws {
        try await writeInterleavedLog()
        _ = try await pruneFirstRun()
        let database = try Database(path: directory.logPath, mode: .readWrite, busyTimeout: .seconds(5))
        try database.execute(sql)

        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        let fault = try #require(try await log.verifyChain().fault)
        #expect(fault.kind == kind)
        #expect(fault.sequence == sequence)
    }
}
