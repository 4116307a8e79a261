import SQLite

/// One pass over the `events` table in sequence order that checks each event against the
/// chain (see `EventChain`, and `ChainRowCheck` for the per-row check) and stops at the first
/// fault, which it then classifies.
struct ChainWalk {
    /// The chain columns of one stored event.
    private struct Row {
        var sequence: Int64
        var content: EventChain.Content
        var pruned: Bool
        var contentDigest: String
        var previousHash: String
        var hash: String
    }

    let database: Database
    private(set) var eventCount = 0
    private(set) var prunedCount = 0
    private(set) var head: ChainHead?
    private(set) var fault: ChainVerification.Fault?

    init(database: Database) {
        self.database = database
    }

    mutating func run() throws {
        let statement = try database.prepare("SELECT \(Self.columns) FROM events ORDER BY seq")
        let check = ChainRowCheck()
        var lastSequence: Int64?
        defer {
            head = lastSequence.map { ChainHead(sequence: $0, hash: check.previousHash) }
        }

        while try statement.step() {
            eventCount += 1
            if try statement.int64(at: 7) != 0 { prunedCount += 1 }

            if try !check.accept(statement) {
                let row = try Self.decode(statement)
                let next = try statement.step() ? try Self.decode(statement) : nil
                let previous = try lastSequence.flatMap { try self.row(at: $0) }
                fault = try classify(row, previous: previous, beforePrevious: check.beforePreviousHash, next: next)
                return
            }
            lastSequence = try statement.int64(at: 0)
        }
    }

    /// Names what happened at `row`, the first event that does not fit the chain.
    private func classify(_ row: Row, previous: Row?, beforePrevious: String, next: Row?) throws -> ChainVerification.Fault {
        let expectedPrevious = previous?.hash ?? EventChain.genesis

        // A row that links to the event before its predecessor: the predecessor was added,
        // with hashes forged to fit the chain.
        if let previous, row.previousHash == beforePrevious, row.previousHash != expectedPrevious {
            return .init(kind: .inserted, sequence: previous.sequence,
                         detail: "event \(previous.sequence) was inserted: event \(row.sequence) links to the event before it")
        }

        // A row that links to an event stored later in the sequence was moved.
        if let movedFrom = try sequence(ofHash: row.previousHash), movedFrom >= row.sequence {
            return .init(kind: .reordered, sequence: row.sequence,
                         detail: "event \(row.sequence) was moved: it follows event \(movedFrom) in the chain")
        }

        // The next row links to this row's predecessor, so this row was added between them.
        if let next, next.previousHash == expectedPrevious {
            return .init(kind: .inserted, sequence: row.sequence,
                         detail: "event \(row.sequence) was inserted: event \(next.sequence) links to the event before it")
        }

        let selfConsistent = row.hash == EventChain.linkHash(previous: row.previousHash, content: row.contentDigest)
            && (row.pruned || row.contentDigest == EventChain.contentDigest(row.content))
        if selfConsistent, row.previousHash != expectedPrevious, try sequence(ofHash: row.previousHash) == nil {
            let firstMissing = (previous?.sequence ?? 0) + 1
            return .init(kind: .removed, sequence: firstMissing,
                         detail: "events from \(firstMissing) to \(row.sequence - 1) are missing, or one was removed there: event \(row.sequence) links to an event no longer in the log")
        }

        return .init(kind: .altered, sequence: row.sequence, detail: alterationDetail(row, expectedPrevious: expectedPrevious))
    }

    private func alterationDetail(_ row: Row, expectedPrevious: String) -> String {
        if !row.pruned && row.contentDigest != EventChain.contentDigest(row.content) {
            return "the content of event \(row.sequence) (run \(row.content.runID), type \(row.content.type)) no longer matches its hash"
        }
        return "the stored hashes of event \(row.sequence) no longer link it to event \(row.sequence - 1)"
    }

    /// Returns the sequence number of the event whose hash is `hash`. This scans the table,
    /// which is fine because it runs once, after a fault was found.
    private func sequence(ofHash hash: String) throws -> Int64? {
        try database.query("SELECT seq FROM events WHERE hash = ? LIMIT 1", [.text(hash)]) { try $0.int64(at: 0) }.first
    }

    private static let columns = "seq, run_id, item_id, stage, type, payload, time, pruned, content_sha256, prev_hash, hash"

    /// Reads the event with sequence number `sequence` again, to classify a fault after it.
    private func row(at sequence: Int64) throws -> Row? {
        try database.query("SELECT \(Self.columns) FROM events WHERE seq = ?", [.integer(sequence)]) { try Self.decode($0) }.first
    }

    private static func decode(_ row: Statement) throws -> Row {
        Row(
            sequence: try row.int64(at: 0),
            content: EventChain.Content(
                runID: try row.text(at: 1) ?? "", itemID: try row.text(at: 2), stage: try row.text(at: 3),
                type: try row.text(at: 4) ?? "", payload: try row.text(at: 5) ?? "", time: try row.int64(at: 6)
            ),
            pruned: try row.int64(at: 7) != 0,
            contentDigest: try row.text(at: 8) ?? "",
            previousHash: try row.text(at: 9) ?? "",
            hash: try row.text(at: 10) ?? ""
        )
    }
}
