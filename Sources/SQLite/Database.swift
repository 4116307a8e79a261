import CSQLite

/// An open SQLite connection that owns its `sqlite3` handle.
///
/// The connection is opened without SQLite's per-connection mutex (`SQLITE_OPEN_NOMUTEX`),
/// so it is not `Sendable`: use it from one thread, queue or actor at a time.
public final class Database {
    /// The access mode for `Database.init(path:mode:)`.
    public enum OpenMode: Sendable {
        /// Read and write, creating the file when it does not exist.
        case readWriteCreate
        /// Read and write an existing file.
        case readWrite
        /// Read an existing file.
        case readOnly

        var flags: Int32 {
            switch self {
            case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
            case .readWrite: SQLITE_OPEN_READWRITE
            case .readOnly: SQLITE_OPEN_READONLY
            }
        }
    }

    /// The file this connection opened, as passed to `init`.
    public let path: String

    let handle: OpaquePointer

    /// Compiled statements of `cachedStatement` by SQL. The cache holds raw handles, not
    /// `Statement`s, because a statement keeps its database alive.
    var cachedHandles: [String: OpaquePointer] = [:]

    /// Opens `path` and reads its header, so that a file that is not a database fails here
    /// and not at the first query.
    ///
    /// `busyTimeout` applies from that first read on, which matters when another connection
    /// is closing the file and holds its lock for a checkpoint.
    public init(path: String, mode: OpenMode = .readWriteCreate, busyTimeout: Duration = .zero) throws {
        var opened: OpaquePointer?
        let flags = mode.flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let error = SQLiteError(resultCode: result, connection: opened, sql: nil, path: path)
            sqlite3_close_v2(opened)
            throw error
        }
        self.handle = opened
        self.path = path

        try setBusyTimeout(busyTimeout)
        try execute("SELECT count(*) FROM sqlite_schema")
    }

    deinit {
        for statement in cachedHandles.values {
            sqlite3_finalize(statement)
        }
        // close_v2 defers the close until every statement of this connection is finalized,
        // and then always returns SQLITE_OK, so there is no result to check.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters and return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        sqlite3_free(errorMessage)
        try check(result, sql: sql)
    }

    /// Runs one SQL statement with `values` bound to its parameters, ignoring any rows.
    public func execute(_ sql: String, _ values: [SQLiteValue]) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Runs one query with `values` bound and maps each row with `transform`.
    public func query<Row>(
        _ sql: String, _ values: [SQLiteValue] = [], row transform: (Statement) throws -> Row
    ) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(try transform(statement))
        }
        return rows
    }

    /// Compiles one SQL statement.
    public func prepare(_ sql: String) throws -> Statement {
        var prepared: OpaquePointer?
        let result = sqlite3_prepare_v2(handle, sql, -1, &prepared, nil)
        try check(result, sql: sql)
        guard let prepared else {
            throw SQLiteError(code: SQLITE_MISUSE, extendedCode: SQLITE_MISUSE,
                              message: "the SQL contains no statement", sql: sql, path: path)
        }
        return Statement(handle: prepared, database: self, sql: sql)
    }

    /// The rowid of the last row inserted through this connection.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// True while a transaction is open, false in autocommit mode.
    public var isInTransaction: Bool {
        sqlite3_get_autocommit(handle) == 0
    }

    /// The number of rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int {
        Int(sqlite3_changes64(handle))
    }

    /// Throws `SQLiteError` when `result` is not `SQLITE_OK`.
    func check(_ result: Int32, sql: String?) throws {
        guard result != SQLITE_OK else { return }
        throw SQLiteError(resultCode: result, connection: handle, sql: sql, path: path)
    }
}
