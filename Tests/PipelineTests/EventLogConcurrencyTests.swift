import Foundation
import SQLite
import Testing

@testable import Pipeline

@Suite struct EventLogConcurrencyTests {
    static let sqliteShell = "/usr/bin/sqlite3"

    let directory: EventLogTestDirectory

    init() throws {
        directory = try EventLogTestDirectory()
    }

    /// Appends `count` single-event batches for `runID` through `log`, from many tasks.
    static func appendMany(_ log: EventLog, runID: RunID, writer: String, count: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await log.append([NewEvent(runID: runID, itemID: "\(writer)-\(index)", type: "write")])
                }
            }
            try await group.waitForAll()
        }
    }

    func checkIntegrity(expectedEvents: Int, runID: RunID) async throws {
        let database = try Database(path: directory.logPath)
        #expect(try database.integrityCheck() == ["ok"])

        let log = try EventLog.open(path: directory.logPath)
        let events = try await log.events(run: runID)
        #expect(events.count == expectedEvents)
        #expect(Set(events.map(\.sequence)).count == expectedEvents)
        #expect(Set(events.compactMap(\.itemID)).count == expectedEvents)
    }

    @Test func twoInstancesWriteAtOnce() async throws {
        let first = try EventLog.open(path: directory.logPath)
        let second = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await first.startRun(runID, pipeline: "photos", definitionText: "", definitionSHA256: "")

        async let firstWrites: Void = Self.appendMany(first, runID: runID, writer: "first", count: 300)
        async let secondWrites: Void = Self.appendMany(second, runID: runID, writer: "second", count: 300)
        try await firstWrites
        try await secondWrites
        first.close()
        second.close()

        try await checkIntegrity(expectedEvents: 600, runID: runID)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sqliteShell)))
    func childProcessWritesAtOnce() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await log.startRun(runID, pipeline: "photos", definitionText: "", definitionSHA256: "")

        let shellInserts = 300
        let shell = try startShell(inserting: shellInserts, runID: runID)
        try await Self.appendMany(log, runID: runID, writer: "log", count: 300)
        let status = try await shell.value
        log.close()

        #expect(status == 0)
        try await checkIntegrity(expectedEvents: 300 + shellInserts, runID: runID)
    }

    /// Starts `sqlite3` inserting `count` events, one transaction each, and returns a task
    /// that finishes with its exit status.
    func startShell(inserting count: Int, runID: RunID) throws -> Task<Int32, any Error> {
        var script = ".bail on\n.timeout 10000\nPRAGMA synchronous = FULL;\n"
        for index in 0..<count {
            script += """
                BEGIN IMMEDIATE;
                INSERT INTO events (run_id, item_id, type, payload, time)
                VALUES ('\(runID.rawValue)', 'shell-\(index)', 'write', '{}', 0);
                COMMIT;

                """
        }
        let scriptURL = directory.url.appendingPathComponent("writes.sql")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.sqliteShell)
        process.arguments = [directory.logPath]
        process.standardInput = try FileHandle(forReadingFrom: scriptURL)

        let exit = AsyncStream<Int32> { continuation in
            process.terminationHandler = { finished in
                continuation.yield(finished.terminationStatus)
                continuation.finish()
            }
        }
        try process.run()
        return Task {
            for await status in exit {
                return status
            }
            return -1
        }
    }
}
