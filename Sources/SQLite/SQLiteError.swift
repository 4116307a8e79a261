import CSQLite

/// A failed SQLite call: the result codes, SQLite's message and the SQL that was running.
///
/// Bound values are never stored, so an error can be logged without leaking the data that
/// was being written.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The primary result code, such as `SQLITE_BUSY` (5) or `SQLITE_CONSTRAINT` (19).
    public let code: Int32
    /// The extended result code, such as `SQLITE_CONSTRAINT_UNIQUE` (2067).
    public let extendedCode: Int32
    /// The text of `sqlite3_errmsg` (or `sqlite3_errstr` when no connection exists).
    public let message: String
    /// The SQL being prepared or run, if any.
    public let sql: String?
    /// The database file, if known.
    public let path: String?

    public init(code: Int32, extendedCode: Int32, message: String, sql: String? = nil, path: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// True for `SQLITE_BUSY` and `SQLITE_LOCKED`: another connection holds the lock.
    public var isBusy: Bool {
        code == SQLITE_BUSY || code == SQLITE_LOCKED
    }

    /// True for `SQLITE_CONSTRAINT` failures (unique, foreign key, not null, check).
    public var isConstraintViolation: Bool {
        code == SQLITE_CONSTRAINT
    }

    /// True when the file is not a database or its pages are damaged.
    public var isCorruption: Bool {
        code == SQLITE_NOTADB || code == SQLITE_CORRUPT
    }

    public var description: String {
        var text = "SQLite error \(extendedCode) (\(message))"
        if let path {
            text += " in \(path)"
        }
        if let sql {
            text += " while running: \(sql)"
        }
        if let advice {
            text += ". \(advice)"
        }
        return text
    }

    /// The next step for the common failures a user can act on.
    private var advice: String? {
        if isCorruption {
            return "The file is damaged or is not an SQLite database: move it away and retry, or restore it from a backup"
        }
        if isBusy {
            return "Another connection holds a lock on the database: retry when it has finished"
        }
        if code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM {
            return "Check that the file and its folder exist and are writable"
        }
        return nil
    }
}

extension SQLiteError {
    /// Builds the error for `resultCode` from the connection's current error state.
    init(resultCode: Int32, connection: OpaquePointer?, sql: String?, path: String?) {
        let message: String
        let extended: Int32
        if let connection {
            message = String(cString: sqlite3_errmsg(connection))
            extended = sqlite3_extended_errcode(connection)
        } else {
            message = String(cString: sqlite3_errstr(resultCode))
            extended = resultCode
        }
        self.init(code: resultCode & 0xFF, extendedCode: extended, message: message, sql: sql, path: path)
    }
}
