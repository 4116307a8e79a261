import CSQLite

extension Database {
    /// Returns the statement for `sql`, compiled at its first use on this connection and
    /// reused after that, with its bindings cleared.
    ///
    /// Meant for statements run many times, such as one INSERT per appended row, because
    /// compiling costs more than running a small statement. Finish with the returned statement
    /// before asking for the same SQL again, because both share one compiled handle.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let cached = cachedHandles[sql] {
            sqlite3_reset(cached)
            try check(sqlite3_clear_bindings(cached), sql: sql)
            return Statement(handle: cached, database: self, sql: sql, ownsHandle: false)
        }

        var prepared: OpaquePointer?
        try check(sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil), sql: sql)
        guard let prepared else {
            throw SQLiteError(code: SQLITE_MISUSE, extendedCode: SQLITE_MISUSE,
                              message: "the SQL contains no statement", sql: sql, path: path)
        }
        cachedHandles[sql] = prepared
        return Statement(handle: prepared, database: self, sql: sql, ownsHandle: false)
    }

    /// Runs the cached statement for `sql`, with `values` bound, ignoring any rows.
    public func executeCached(_ sql: String, _ values: [SQLiteValue] = []) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(values)
        while try statement.step() {}
    }
}
