import Foundation
import SQLite
import Testing

@Suite struct TransactionTests {
    struct Abort: Error {}

    let directory: TemporaryDirectory
    let database: Database

    init() throws {
        directory = try TemporaryDirectory()
        database = try Database(path: directory.path("transactions.sqlite"))
        try database.execute("CREATE TABLE numbers (value INTEGER)")
    }

    func count() throws -> Int64 {
        try database.query("SELECT count(*) FROM numbers") { try $0.int64(at: 0) }[0]
    }

    @Test(arguments: [TransactionKind.deferred, .immediate, .exclusive])
    func commitKeepsRows(kind: TransactionKind) throws {
        let inserted = try database.transaction(kind) {
            #expect(database.isInTransaction)
            try database.execute("INSERT INTO numbers VALUES (?)", [1])
            try database.execute("INSERT INTO numbers VALUES (?)", [2])
            return 2
        }
        #expect(inserted == 2)
        #expect(try count() == 2)
    }

    @Test func throwRollsBack() throws {
        #expect(throws: Abort.self) {
            try database.transaction(.immediate) {
                try database.execute("INSERT INTO numbers VALUES (?)", [1])
                throw Abort()
            }
        }
        #expect(try count() == 0)
        #expect(!database.isInTransaction)

        // The connection is usable again: no transaction was left open.
        try database.transaction(.immediate) {
            try database.execute("INSERT INTO numbers VALUES (?)", [3])
        }
        #expect(try count() == 1)
    }

    @Test func failedSavepointKeepsOuterTransaction() throws {
        try database.transaction(.immediate) {
            try database.execute("INSERT INTO numbers VALUES (?)", [1])
            #expect(throws: Abort.self) {
                try database.savepoint {
                    try database.execute("INSERT INTO numbers VALUES (?)", [2])
                    throw Abort()
                }
            }
            try database.savepoint {
                try database.execute("INSERT INTO numbers VALUES (?)", [3])
            }
        }
        let values = try database.query("SELECT value FROM numbers ORDER BY value") { try $0.int64(at: 0) }
        #expect(values == [1, 3])
    }
}
