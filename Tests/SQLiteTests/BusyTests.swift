import Foundation
import SQLite
import Testing

@Suite struct BusyTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("busy.sqlite")
        let setup = try Database(path: path)
        try setup.pragma("journal_mode = WAL")
        try setup.execute("CREATE TABLE numbers (value INTEGER)")
    }

    @Test func secondWriterWithoutTimeoutFailsBusy() throws {
        let holder = try Database(path: path)
        let other = try Database(path: path)
        try other.setBusyTimeout(.zero)

        try holder.execute("BEGIN IMMEDIATE")
        let error = try #require(throws: SQLiteError.self) { try other.execute("BEGIN IMMEDIATE") }
        #expect(error.isBusy)
        #expect(error.description.contains("Another connection holds a lock"))
        try holder.execute("ROLLBACK")
    }

    @Test func secondWriterGivesUpAfterTimeout() throws {
        let holder = try Database(path: path)
        let other = try Database(path: path)
        try other.setBusyTimeout(.milliseconds(300))

        try holder.execute("BEGIN IMMEDIATE")
        let start = ContinuousClock.now
        let error = try #require(throws: SQLiteError.self) { try other.execute("BEGIN IMMEDIATE") }
        let waited = ContinuousClock.now - start
        try holder.execute("ROLLBACK")

        #expect(error.isBusy)
        #expect(waited >= .milliseconds(250))
    }

    @Test func secondWriterProceedsWhenLockIsReleased() async throws {
        let holder = try Database(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        try holder.execute("INSERT INTO numbers VALUES (1)")

        // The second writer runs on a Dispatch thread because it blocks inside SQLite.
        let path = self.path
        let writer = Task {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                DispatchQueue.global().async {
                    continuation.resume(with: Result {
                        let other = try Database(path: path)
                        // Generous, because a loaded machine can delay the holder's COMMIT.
                        try other.setBusyTimeout(.seconds(120))
                        try other.execute("INSERT INTO numbers VALUES (2)")
                    })
                }
            }
        }

        // Holding the lock for a moment makes the other writer wait in its busy handler.
        try await Task.sleep(for: .milliseconds(100))
        try holder.execute("COMMIT")
        try await writer.value

        let values = try holder.query("SELECT value FROM numbers ORDER BY value") { try $0.int64(at: 0) }
        #expect(values == [1, 2])
    }

    @Test func openWaitsForExclusiveLock() throws {
        // In rollback-journal mode an exclusive lock also blocks readers, such as the header
        // read that init does.
        let journalPath = directory.path("journal.sqlite")
        let holder = try Database(path: journalPath)
        try holder.execute("CREATE TABLE numbers (value INTEGER)")
        try holder.execute("BEGIN EXCLUSIVE")
        try holder.execute("INSERT INTO numbers VALUES (1)")

        let immediate = try #require(throws: SQLiteError.self) { try Database(path: journalPath) }
        #expect(immediate.isBusy)

        let start = ContinuousClock.now
        let patient = try #require(throws: SQLiteError.self) {
            try Database(path: journalPath, busyTimeout: .milliseconds(300))
        }
        #expect(patient.isBusy)
        #expect(ContinuousClock.now - start >= .milliseconds(250))

        try holder.execute("COMMIT")
        #expect(throws: Never.self) { try Database(path: journalPath) }
    }
}
