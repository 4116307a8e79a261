import CSQLite

extension Database {
    /// Makes statements wait up to `timeout` for another connection's lock before failing
    /// with `SQLITE_BUSY`. Zero makes them fail at once.
    public func setBusyTimeout(_ timeout: Duration) throws {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let clamped = Int32(clamping: max(0, milliseconds))
        try check(sqlite3_busy_timeout(handle, clamped), sql: nil)
    }

    /// The schema version stored in the file header (`PRAGMA user_version`).
    public func userVersion() throws -> Int32 {
        let rows = try query("PRAGMA user_version") { try $0.int64(at: 0) }
        return Int32(clamping: rows.first ?? 0)
    }

    /// Stores `version` in the file header (`PRAGMA user_version`).
    public func setUserVersion(_ version: Int32) throws {
        // PRAGMA takes no bound parameters, and an Int32 cannot inject SQL.
        try execute("PRAGMA user_version = \(version)")
    }

    /// Runs a one-row PRAGMA, such as `journal_mode = WAL`, and returns its text result.
    @discardableResult
    public func pragma(_ assignment: String) throws -> String? {
        let rows = try query("PRAGMA \(assignment)") { try $0.text(at: 0) }
        return rows.first ?? nil
    }

    /// Runs `PRAGMA integrity_check` and returns its lines, which are `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        try query("PRAGMA integrity_check") { try $0.text(at: 0) ?? "" }
    }
}
