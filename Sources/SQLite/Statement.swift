import CSQLite

/// A compiled SQL statement that owns its `sqlite3_stmt` handle and finalizes it in `deinit`.
///
/// Like its `Database`, a statement is not `Sendable`. It keeps its database alive.
public final class Statement {
    /// The SQL this statement was compiled from.
    public let sql: String

    let handle: OpaquePointer
    private let database: Database
    /// False for a statement from `Database.cachedStatement`, whose handle the database's
    /// cache owns and finalizes.
    private let ownsHandle: Bool

    init(handle: OpaquePointer, database: Database, sql: String, ownsHandle: Bool = true) {
        self.handle = handle
        self.database = database
        self.sql = sql
        self.ownsHandle = ownsHandle
    }

    deinit {
        // finalize repeats the last step's error, which step() has already thrown.
        if ownsHandle {
            sqlite3_finalize(handle)
        } else {
            sqlite3_reset(handle)
        }
    }

    /// Binds `values` to parameters 1, 2, … in order.
    public func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds `value` to the parameter at the one-based `index`.
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        let result: Int32
        switch value {
        case .null:
            result = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            result = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            result = sqlite3_bind_double(handle, index, real)
        case .text(let text):
            result = sqlite3_bind_text(handle, index, text, -1, transientDestructor)
        case .blob(let bytes):
            result = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), transientDestructor)
            }
        }
        try check(result)
    }

    /// Runs the statement to its next row. Returns true when a row is ready to read and false
    /// when the statement has finished.
    @discardableResult
    public func step() throws -> Bool {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            let error = SQLiteError(resultCode: result, connection: database.handle, sql: sql, path: database.path)
            // Reset so that the statement does not stay busy and can run again. Reset returns
            // the same error, which is thrown below.
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds the statement so it can run again, keeping its bindings.
    public func reset() throws {
        try check(sqlite3_reset(handle))
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() throws {
        try check(sqlite3_clear_bindings(handle))
    }

    /// The number of columns in each result row.
    public var columnCount: Int32 {
        sqlite3_column_count(handle)
    }

    /// Returns the name of the zero-based column `index`.
    public func columnName(at index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    private func check(_ result: Int32) throws {
        try database.check(result, sql: sql)
    }
}

/// Tells SQLite to copy bound text and blobs at once, because Swift's buffers do not outlive
/// the bind call. The `SQLITE_TRANSIENT` macro is not imported into Swift, so this rebuilds it.
private let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
