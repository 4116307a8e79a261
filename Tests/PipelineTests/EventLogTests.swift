import Foundation
import SQLite
import Testing

@testable import Pipeline

@Suite struct EventLogTests {
    let directory: EventLogTestDirectory

    init() throws {
        directory = try EventLogTestDirectory()
    }

    func startRun(_ log: EventLog, _ id: RunID, pipeline: String = "photos", sha: String = "abc") async throws {
        try await log.startRun(id, pipeline: pipeline, definitionText: "name: \(pipeline)\n", definitionSHA256: sha)
    }

    @Test func eventsSurviveReopen() async throws {
        let runID = RunID(rawValue: "20261204T201502123Z-000001")
        do {
            let log = try EventLog.open(path: directory.logPath)
            try await startRun(log, runID)
            try await log.append([
                NewEvent(runID: runID, type: "run.started"),
                NewEvent(runID: runID, itemID: "a.jpg", stage: "ingest", type: "item.discovered",
                         payload: ["path": "in/a.jpg", "bytes": 1234, "ratio": 0.5, "tags": ["x", nil]]),
            ])
            log.close()
        }

        let reopened = try EventLog.open(path: directory.logPath)
        let events = try await reopened.events(run: runID)
        #expect(events.map(\.type) == ["run.started", "item.discovered"])
        #expect(events[0].sequence < events[1].sequence)
        #expect(events[1].itemID == "a.jpg")
        #expect(events[1].stage == "ingest")
        #expect(events[1].payload == ["path": "in/a.jpg", "bytes": 1234, "ratio": 0.5, "tags": ["x", nil]])
        #expect(events[0].itemID == nil)
        #expect(events[0].payload == [:])
        #expect(abs(events[0].time.timeIntervalSinceNow) < 60)

        let run = try #require(try await reopened.run(runID))
        #expect(run.pipeline == "photos")
        #expect(run.definitionText == "name: photos\n")
        #expect(run.definitionSHA256 == "abc")
        #expect(run.status == RunRecord.running)
        #expect(run.finishedAt == nil)
        #expect(run.summary == nil)
    }

    @Test func releasedLogKeepsEvents() async throws {
        let runID = RunID.generate()
        var log: EventLog? = try EventLog.open(path: directory.logPath)
        try await startRun(log!, runID)
        try await log!.append([NewEvent(runID: runID, type: "run.started")])
        log = nil

        let reopened = try EventLog.open(path: directory.logPath)
        #expect(try await reopened.events(run: runID).map(\.type) == ["run.started"])
    }

    @Test func eventsFilteredByItem() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)
        try await log.append([
            NewEvent(runID: runID, itemID: "a", type: "item.discovered"),
            NewEvent(runID: runID, itemID: "b", type: "item.discovered"),
            NewEvent(runID: runID, itemID: "a", stage: "upload", type: "stage.finished"),
        ])

        let itemEvents = try await log.events(run: runID, item: "a")
        #expect(itemEvents.map(\.type) == ["item.discovered", "stage.finished"])
        #expect(itemEvents.allSatisfy { $0.itemID == "a" })
        #expect(try await log.events(run: runID).count == 3)
        #expect(try await log.events(run: RunID.generate()).isEmpty)
    }

    @Test func runsNewestFirstWithLimit() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let ids = (0..<4).map { RunID(rawValue: "run-\($0)") }
        for id in ids {
            // Start times are in milliseconds, so runs started in one millisecond tie on
            // started_at and are ordered by id.
            try await startRun(log, id)
        }

        let all = try await log.runs()
        #expect(all.map(\.id) == ids.reversed())
        let newestTwo = try await log.runs(limit: 2)
        #expect(newestTwo.map(\.id) == [ids[3], ids[2]])
        #expect(try await log.runs(limit: 0).isEmpty)
    }

    @Test func runsOfOnePipeline() async throws {
        let log = try EventLog.open(path: directory.logPath)
        for (index, pipeline) in ["photos", "scans", "photos", "photos"].enumerated() {
            try await startRun(log, RunID(rawValue: "run-\(index)"), pipeline: pipeline)
        }

        #expect(try await log.runs(pipeline: "photos").map(\.id.rawValue) == ["run-3", "run-2", "run-0"])
        #expect(try await log.runs(limit: 1, pipeline: "photos").map(\.id.rawValue) == ["run-3"])
        #expect(try await log.runs(pipeline: "scans").map(\.id.rawValue) == ["run-1"])
        #expect(try await log.runs(pipeline: "none").isEmpty)
    }

    @Test func finishRunStoresStatusAndSummary() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)
        try await log.finishRun(runID, status: RunRecord.failed, summary: ["failed": 2, "uploaded": 10])

        let run = try #require(try await log.run(runID))
        #expect(run.status == "failed")
        #expect(run.summary == ["failed": 2, "uploaded": 10])
        let finishedAt = try #require(run.finishedAt)
        #expect(finishedAt >= run.startedAt)
    }

    @Test func finishRunRejectsUnknownStatus() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)

        await #expect(throws: EventLogError.invalidStatus("done")) {
            try await log.finishRun(runID, status: "done", summary: [:])
        }
        await #expect(throws: EventLogError.runNotFound(RunID(rawValue: "missing"))) {
            try await log.finishRun(RunID(rawValue: "missing"), status: RunRecord.finished, summary: [:])
        }
    }

    @Test func appendToUnknownRunFails() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let known = RunID(rawValue: "known")
        let missing = RunID(rawValue: "missing")
        try await startRun(log, known)

        await #expect(throws: EventLogError.runNotFound(missing)) {
            try await log.append([NewEvent(runID: known, type: "a"), NewEvent(runID: missing, type: "b")])
        }
        #expect(try await log.events(run: known).isEmpty)
    }

    @Test func interruptedRunReopens() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)
        try await log.finishRun(runID, status: RunRecord.interrupted, summary: ["pending": 3])

        try await startRun(log, runID)
        let run = try #require(try await log.run(runID))
        #expect(run.status == RunRecord.running)
        #expect(run.finishedAt == nil)
        #expect(run.summary == nil)
        #expect(try await log.runs().count == 1)
    }

    @Test func endedRunDoesNotReopen() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)
        try await log.finishRun(runID, status: RunRecord.finished, summary: [:])

        await #expect(throws: EventLogError.runAlreadyEnded(runID, status: "finished")) {
            try await startRun(log, runID)
        }
    }

    @Test func resumeWithChangedDefinitionFails() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID, sha: "old")

        await #expect(throws: EventLogError.definitionChanged(runID, stored: "old", given: "new")) {
            try await startRun(log, runID, sha: "new")
        }
    }

    @Test func failedRequestDoesNotFailItsBatch() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)

        // Both requests may land in one transaction: the failing one must not undo the other.
        let good = Task { try await log.append([NewEvent(runID: runID, type: "ok")]) }
        let bad = Task { try await log.append([NewEvent(runID: RunID(rawValue: "missing"), type: "lost")]) }
        try await good.value
        await #expect(throws: EventLogError.runNotFound(RunID(rawValue: "missing"))) { try await bad.value }

        #expect(try await log.events(run: runID).map(\.type) == ["ok"])
    }

    @Test func fullDiskFailsOnlyTheLargeAppend() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)

        // max_page_count makes SQLite answer SQLITE_FULL as a full disk would.
        try await log.writer.perform { database in
            let pages = try database.query("PRAGMA page_count") { try $0.int64(at: 0) }[0]
            try database.pragma("max_page_count = \(pages + 4)")
        }
        let large = String(repeating: "x", count: 100_000)
        let good = Task { try await log.append([NewEvent(runID: runID, type: "small")]) }
        let bad = Task { try await log.append([NewEvent(runID: runID, type: "large", payload: ["data": .string(large)])]) }

        let badError = try #require(await #expect(throws: SQLiteError.self) { try await bad.value })
        #expect(badError.code == 13)  // SQLITE_FULL
        try await good.value
        #expect(try await log.events(run: runID).map(\.type) == ["small"])
    }

    @Test func callsAfterCloseFail() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await startRun(log, runID)
        log.close()
        log.close()

        await #expect(throws: EventLogError.closed(path: directory.logPath)) {
            try await log.append([NewEvent(runID: runID, type: "late")])
        }
        await #expect(throws: EventLogError.closed(path: directory.logPath)) {
            try await log.runs()
        }
    }

    @Test func fileUsesWALAndLatestSchema() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let database = try Database(path: directory.logPath)
        #expect(try database.pragma("journal_mode") == "wal")
        #expect(try database.userVersion() == EventLogSchema.latestVersion)
        log.close()
    }

    @Test func garbageFileFailsToOpen() throws {
        let path = directory.url.appendingPathComponent("events.sqlite").path
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: path))

        let error = try #require(throws: SQLiteError.self) { try EventLog.open(path: path) }
        #expect(error.isCorruption)
        #expect(error.description.contains(path))
    }
}
