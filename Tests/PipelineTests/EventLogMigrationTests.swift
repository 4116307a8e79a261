import Foundation
import SQLite
import Testing

@testable import Pipeline

@Suite struct EventLogMigrationTests {
    let directory: EventLogTestDirectory
    let path: String

    init() throws {
        directory = try EventLogTestDirectory()
        path = directory.url.appendingPathComponent("events.sqlite").path
    }

    func indexNames(_ database: Database) throws -> Set<String> {
        Set(try database.query("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL") {
            try $0.text(at: 0) ?? ""
        })
    }

    @Test func version1FileMigratesKeepingData() async throws {
        // The version 1 layout as written by hand: no summary column and no type index.
        do {
            let old = try Database(path: path)
            try old.execute(EventLogSchema.migrations[0])
            try old.execute("""
                INSERT INTO runs (id, pipeline, definition_text, definition_sha256, started_at, status)
                VALUES ('old-run', 'photos', 'name: photos', 'abc', 1700000000000, 'running');
                INSERT INTO events (run_id, item_id, stage, type, payload, time)
                VALUES ('old-run', 'a.jpg', 'ingest', 'item.discovered', '{"bytes":10}', 1700000000001);
                """)
            try old.setUserVersion(1)
        }

        let log = try EventLog.open(path: path)
        let runID = RunID(rawValue: "old-run")
        let events = try await log.events(run: runID)
        #expect(events.map(\.type) == ["item.discovered"])
        #expect(events.first?.payload == ["bytes": 10])
        #expect(events.first?.time == Date(timeIntervalSince1970: 1_700_000_000.001))

        try await log.finishRun(runID, status: RunRecord.finished, summary: ["uploaded": 1])
        let run = try #require(try await log.run(runID))
        #expect(run.summary == ["uploaded": 1])
        #expect(run.startedAt == Date(timeIntervalSince1970: 1_700_000_000))
        log.close()

        let database = try Database(path: path)
        #expect(try database.userVersion() == EventLogSchema.latestVersion)
        #expect(try indexNames(database).isSuperset(of: ["events_run_item", "events_type", "runs_started_at"]))
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func emptyVersion0FileGetsSchema() async throws {
        do {
            let empty = try Database(path: path)
            #expect(try empty.userVersion() == 0)
        }

        let log = try EventLog.open(path: path)
        let runID = RunID.generate()
        try await log.startRun(runID, pipeline: "photos", definitionText: "", definitionSHA256: "")
        #expect(try await log.runs().map(\.id) == [runID])
    }

    @Test func newerSchemaIsRejected() throws {
        do {
            let future = try Database(path: path)
            try future.setUserVersion(EventLogSchema.latestVersion + 1)
        }

        let expected = EventLogError.schemaTooNew(
            path: path, found: EventLogSchema.latestVersion + 1, supported: EventLogSchema.latestVersion)
        #expect(throws: expected) { try EventLog.open(path: path) }
        #expect(expected.description.contains("upgrade imgpipe"))
    }

    @Test func reopeningDoesNotMigrateAgain() throws {
        try EventLog.open(path: path).close()
        try EventLog.open(path: path).close()

        let database = try Database(path: path)
        #expect(try database.userVersion() == EventLogSchema.latestVersion)
    }
}
