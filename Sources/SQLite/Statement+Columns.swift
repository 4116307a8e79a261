import CSQLite

extension Statement {
    /// Reads the zero-based column `index` of the current row as a `SQLiteValue`.
    public func value(at index: Int32) throws -> SQLiteValue {
        try checkColumn(index)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            return .text(columnText(index))
        case SQLITE_BLOB:
            return .blob(columnBlob(index))
        default:
            return .null
        }
    }

    /// True when column `index` of the current row is NULL.
    public func isNull(at index: Int32) throws -> Bool {
        try checkColumn(index)
        return sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Reads column `index` as an integer, with SQLite's conversions (NULL reads as 0).
    public func int64(at index: Int32) throws -> Int64 {
        try checkColumn(index)
        return sqlite3_column_int64(handle, index)
    }

    /// Reads column `index` as an integer, or nil when it is NULL.
    public func optionalInt64(at index: Int32) throws -> Int64? {
        try isNull(at: index) ? nil : int64(at: index)
    }

    /// Reads column `index` as a double, with SQLite's conversions (NULL reads as 0).
    public func double(at index: Int32) throws -> Double {
        try checkColumn(index)
        return sqlite3_column_double(handle, index)
    }

    /// Reads column `index` as text, or nil when it is NULL.
    public func text(at index: Int32) throws -> String? {
        try isNull(at: index) ? nil : columnText(index)
    }

    /// Calls `body` with the UTF-8 bytes of column `index` as SQLite stores them, or with nil
    /// when the column is NULL. The bytes are valid only inside `body` and are not copied, which
    /// matters when a loop reads millions of rows.
    public func withTextBytes<Result>(at index: Int32, _ body: (UnsafeRawBufferPointer?) throws -> Result) throws -> Result {
        guard try !isNull(at: index) else { return try body(nil) }
        let bytes = sqlite3_column_text(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    }

    /// Reads column `index` as bytes, or nil when it is NULL.
    public func blob(at index: Int32) throws -> [UInt8]? {
        try isNull(at: index) ? nil : columnBlob(index)
    }

    private func columnText(_ index: Int32) -> String {
        // Call column_text before column_bytes, as SQLite documents, so the length matches
        // the UTF-8 form returned.
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private func columnBlob(_ index: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private func checkColumn(_ index: Int32) throws {
        guard index >= 0, index < columnCount else {
            throw SQLiteError(code: SQLITE_RANGE, extendedCode: SQLITE_RANGE,
                              message: "column index \(index) is out of range 0..<\(columnCount)", sql: sql)
        }
    }
}
