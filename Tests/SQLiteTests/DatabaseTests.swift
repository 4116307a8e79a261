import CSQLite
import Foundation
import SQLite
import Testing

@Suite struct DatabaseTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func openWriteCloseAndReopen() throws {
        let path = directory.path("notes.sqlite")
        do {
            let database = try Database(path: path)
            try database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, size REAL, data BLOB)")
            try database.execute("INSERT INTO notes (body, size, data) VALUES (?, ?, ?)",
                                 [.text("héllo"), .real(1.5), .blob([0, 1, 255])])
            #expect(database.lastInsertRowID == 1)
            #expect(database.changes == 1)
        }

        let reopened = try Database(path: path, mode: .readOnly)
        let rows = try reopened.query("SELECT id, body, size, data FROM notes") { row in
            [try row.value(at: 0), try row.value(at: 1), try row.value(at: 2), try row.value(at: 3)]
        }
        #expect(rows == [[.integer(1), .text("héllo"), .real(1.5), .blob([0, 1, 255])]])
    }

    @Test func typedColumnReads() throws {
        let database = try Database(path: directory.path("columns.sqlite"))
        let statement = try database.prepare("SELECT 42, 2.5, 'text', x'0102', NULL")
        #expect(try statement.step())

        #expect(try statement.int64(at: 0) == 42)
        #expect(try statement.double(at: 1) == 2.5)
        #expect(try statement.text(at: 2) == "text")
        #expect(try statement.blob(at: 3) == [1, 2])
        #expect(try statement.isNull(at: 4))
        #expect(try statement.text(at: 4) == nil)
        #expect(try statement.optionalInt64(at: 4) == nil)
        #expect(throws: SQLiteError.self) { try statement.int64(at: 5) }
        #expect(try statement.step() == false)
    }

    @Test func textBytesReadWithoutCopy() throws {
        let database = try Database(path: directory.path("bytes.sqlite"))
        let statement = try database.prepare("SELECT 'caf\u{E9}', '', NULL")
        #expect(try statement.step())

        #expect(try statement.withTextBytes(at: 0) { $0.map(Array.init) } == Array("caf\u{E9}".utf8))
        #expect(try statement.withTextBytes(at: 1) { $0?.count } == 0)
        #expect(try statement.withTextBytes(at: 2) { $0 == nil })
        #expect(throws: SQLiteError.self) { try statement.withTextBytes(at: 3) { _ in } }
    }

    @Test func garbageFileGivesCorruptionError() throws {
        let path = directory.path("garbage.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = try #require(throws: SQLiteError.self) { try Database(path: path) }
        #expect(error.code == SQLITE_NOTADB)
        #expect(error.isCorruption)
        #expect(error.description.contains(path))
        #expect(error.description.contains("not a database"))
        #expect(error.description.contains("move it away"))
    }

    @Test func missingFileInReadOnlyModeFails() throws {
        let path = directory.path("missing/none.sqlite")
        let error = try #require(throws: SQLiteError.self) { try Database(path: path, mode: .readOnly) }
        #expect(error.code == SQLITE_CANTOPEN)
        #expect(error.description.contains(path))
    }

    @Test func constraintViolationCarriesSQLNotValues() throws {
        let database = try Database(path: directory.path("unique.sqlite"))
        try database.execute("CREATE TABLE users (name TEXT UNIQUE)")
        let insert = "INSERT INTO users (name) VALUES (?)"
        try database.execute(insert, [.text("secret-value-1")])

        let error = try #require(throws: SQLiteError.self) {
            try database.execute(insert, [.text("secret-value-1")])
        }
        #expect(error.isConstraintViolation)
        #expect(error.extendedCode == SQLITE_CONSTRAINT | (8 << 8))  // SQLITE_CONSTRAINT_UNIQUE
        #expect(error.sql == insert)
        #expect(error.description.contains(insert))
        #expect(!error.description.contains("secret-value-1"))
    }

    @Test func syntaxErrorNamesTheSQL() throws {
        let database = try Database(path: directory.path("syntax.sqlite"))
        let error = try #require(throws: SQLiteError.self) { try database.prepare("SELEC 1") }
        #expect(error.code == SQLITE_ERROR)
        #expect(error.sql == "SELEC 1")
        #expect(error.message.contains("syntax error"))
    }

    @Test func statementRunsAgainAfterReset() throws {
        let database = try Database(path: directory.path("reuse.sqlite"))
        try database.execute("CREATE TABLE numbers (value INTEGER)")
        let insert = try database.prepare("INSERT INTO numbers VALUES (?)")

        for value: Int64 in [1, 2] {
            try insert.reset()
            try insert.bind([.integer(value)])
            #expect(try insert.step() == false)
        }
        try insert.reset()
        try insert.clearBindings()
        try insert.step()

        let values = try database.query("SELECT value FROM numbers ORDER BY rowid") { try $0.value(at: 0) }
        #expect(values == [.integer(1), .integer(2), .null])
    }

    @Test func userVersionRoundTrip() throws {
        let database = try Database(path: directory.path("version.sqlite"))
        #expect(try database.userVersion() == 0)
        try database.setUserVersion(7)
        #expect(try database.userVersion() == 7)
    }

    @Test func integrityCheckOfFreshFile() throws {
        let database = try Database(path: directory.path("fresh.sqlite"))
        #expect(try database.integrityCheck() == ["ok"])
    }
}
