import Foundation
import SQLite

extension EventLog {
    /// Appends `events` and returns once they are durably committed.
    ///
    /// Appends from many tasks are batched into one transaction by the writer thread, and
    /// every caller of a batch resumes after that batch's COMMIT. The events of one call
    /// get consecutive sequence numbers and the same time. Throws `runNotFound` when an
    /// event names a run that `startRun` has not recorded, and then appends none of them.
    ///
    /// Cancelling the calling task does not stop the append, because the events may already
    /// be in a transaction: the call still returns after the commit.
    public func append(_ events: [NewEvent]) async throws {
        guard !events.isEmpty else { return }
        let time = Date().millisecondsSince1970

        try await writer.perform { database in
            try Self.insert(events, time: time, into: database)
        }
    }

    /// Inserts `events` with `time` inside the caller's transaction, after checking that
    /// their runs exist.
    static func insert(_ events: [NewEvent], time: Int64, into database: Database) throws {
        try requireRuns(Set(events.map(\.runID)), in: database)

        let insert = try database.cachedStatement(
            """
            INSERT INTO events (run_id, item_id, stage, type, payload, time, content_sha256, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        // The batch transaction holds the write lock, so the head read here stays the head
        // until these rows are inserted, even with other processes writing to the file.
        var previous = try EventChain.headHash(in: database)
        for event in events {
            let content = EventChain.Content(
                runID: event.runID.rawValue, itemID: event.itemID, stage: event.stage, type: event.type,
                payload: JSONValue.object(event.payload).canonicalJSON, time: time
            )
            let contentDigest = EventChain.contentDigest(content)
            let hash = EventChain.linkHash(previous: previous, content: contentDigest)

            try insert.reset()
            try insert.bind([
                .text(content.runID), SQLiteValue(content.itemID), SQLiteValue(content.stage), .text(content.type),
                .text(content.payload), .integer(time), .text(contentDigest), .text(previous), .text(hash),
            ])
            try insert.step()
            previous = hash
        }
    }

    /// Returns the events of `run` in sequence order, only those of `item` when it is given.
    public func events(run: RunID, item: String? = nil) async throws -> [LoggedEvent] {
        var sql = "SELECT \(EventRow.columns) FROM events WHERE run_id = ?"
        var values: [SQLiteValue] = [.text(run.rawValue)]
        if let item {
            sql += " AND item_id = ?"
            values.append(.text(item))
        }
        sql += " ORDER BY seq"

        return try await reader.read { [sql, values] database in
            try database.query(sql, values) { try EventRow.decode($0, path: database.path) }
        }
    }

    /// Throws `runNotFound` for the first of `runIDs` without a row in `runs`. The foreign
    /// key would reject the insert too, but its error does not say which run is missing.
    private static func requireRuns(_ runIDs: Set<RunID>, in database: Database) throws {
        for runID in runIDs.sorted() {
            let lookup = try database.cachedStatement("SELECT 1 FROM runs WHERE id = ?")
            try lookup.bind([.text(runID.rawValue)])
            guard try lookup.step() else { throw EventLogError.runNotFound(runID) }
        }
    }
}
