import Foundation
import SQLite
import Testing

@Suite struct StatementCacheTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func cachedInsertRunsRepeatedly() throws {
        let database = try Database(path: directory.path("cache.sqlite"))
        try database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")

        for body in ["one", "two", "three"] {
            let insert = try database.cachedStatement("INSERT INTO notes (body) VALUES (?)")
            try insert.bind([.text(body)])
            try insert.step()
        }

        let bodies = try database.query("SELECT body FROM notes ORDER BY id") { try $0.text(at: 0) }
        #expect(bodies == ["one", "two", "three"])
    }

    @Test func cachedStatementStartsWithoutBindings() throws {
        let database = try Database(path: directory.path("bindings.sqlite"))
        let first = try database.cachedStatement("SELECT ?")
        try first.bind([.integer(7)])
        #expect(try first.step())
        #expect(try first.int64(at: 0) == 7)

        let second = try database.cachedStatement("SELECT ?")
        #expect(try second.step())
        #expect(try second.isNull(at: 0))
    }

    @Test func cachedStatementsLetDatabaseClose() throws {
        weak var released: Database?
        do {
            let database = try Database(path: directory.path("close.sqlite"))
            try database.executeCached("CREATE TABLE notes (body TEXT)")
            try database.executeCached("INSERT INTO notes (body) VALUES (?)", [.text("kept")])
            released = database
        }
        #expect(released == nil)

        let reopened = try Database(path: directory.path("close.sqlite"), mode: .readOnly)
        #expect(try reopened.query("SELECT body FROM notes") { try $0.text(at: 0) } == ["kept"])
    }

    @Test func savepointRollsBackWithCachedStatements() throws {
        let database = try Database(path: directory.path("savepoint.sqlite"))
        try database.execute("CREATE TABLE notes (body TEXT)")

        try database.transaction(.immediate) {
            try database.savepoint("request") { try database.execute("INSERT INTO notes VALUES ('first')") }
            _ = try? database.savepoint("request") {
                try database.execute("INSERT INTO notes VALUES ('undone')")
                throw CancellationError()
            }
            try database.savepoint("request") { try database.execute("INSERT INTO notes VALUES ('third')") }
        }

        let bodies = try database.query("SELECT body FROM notes ORDER BY rowid") { try $0.text(at: 0) }
        #expect(bodies == ["first", "third"])
    }
}
