import Foundation
import SQLite

extension EventLog {
    /// Returns the items whose last event outside the notify stage is `item.failed` and that
    /// were not dismissed, of `run` only when it is given, oldest first. The notify stage
    /// reports failed items too, so its events do not count. A resume that retried such an
    /// item wrote later events for it, so the item is no longer listed.
    public func deadLetters(run: RunID? = nil) async throws -> [DeadLetter] {
        var sql = """
            SELECT e.run_id, e.item_id, e.stage, e.payload, e.time FROM events e
            WHERE e.type = 'item.failed' AND e.item_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM events later
                              WHERE later.run_id = e.run_id AND later.item_id = e.item_id AND later.seq > e.seq
                                AND later.stage IS NOT 'notify')
              AND NOT EXISTS (SELECT 1 FROM dismissed_items d WHERE d.run_id = e.run_id AND d.item_id = e.item_id)
            """
        var values: [SQLiteValue] = []
        if let run {
            sql += " AND e.run_id = ?"
            values.append(.text(run.rawValue))
        }
        sql += " ORDER BY e.seq"

        return try await reader.read { [sql, values] database in
            try database.query(sql, values) { row in
                // A payload that does not parse leaves the fields empty, and the item is still listed.
                var payload: [String: JSONValue] = [:]
                if case .object(let members)? = try? JSONValue(parsing: try row.text(at: 3) ?? "{}") {
                    payload = members
                }
                return DeadLetter(
                    runID: RunID(rawValue: try row.text(at: 0) ?? ""), itemID: try row.text(at: 1) ?? "",
                    stage: try row.text(at: 2), path: payload["path"]?.stringValue, error: payload["error"]?.stringValue,
                    attempts: payload["attempts"]?.integerValue, failedAt: Date(millisecondsSince1970: try row.int64(at: 4))
                )
            }
        }
    }

    /// Dismisses `letters` with `reason`: records each in `dismissed_items` and appends an
    /// `item.dismissed` event to its run, in one transaction. Returns how many it dismissed.
    public func dismiss(_ letters: [DeadLetter], reason: String) async throws -> Int {
        let now = Date().millisecondsSince1970
        let events = letters.map {
            NewEvent(runID: $0.runID, itemID: $0.itemID, stage: $0.stage, type: "item.dismissed", payload: ["reason": .string(reason)])
        }

        try await writer.perform { database in
            for letter in letters {
                try database.execute(
                    "INSERT OR IGNORE INTO dismissed_items (run_id, item_id, reason, dismissed_at) VALUES (?, ?, ?, ?)",
                    [.text(letter.runID.rawValue), .text(letter.itemID), .text(reason), .integer(now)]
                )
            }
            try Self.insert(events, time: now, into: database)
        }
        return letters.count
    }
}
