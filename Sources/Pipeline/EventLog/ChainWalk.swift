import SQLite

/// One pass over the `events` table in sequence order that checks each event against the
/// chain (see `EventChain`) and stops at the first fault, which it then classifies.
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
        let statement = try database.prepare(
            "SELECT seq, run_id, item_id, stage, type, payload, time, pruned, content_sha256, prev_hash, hash FROM events ORDER BY seq"
        )
        // The hashes of the last two verified events: a row that links to the older one
        // follows an inserted event.
        var previous: Row?
        var beforePrevious = EventChain.genesis

        while try statement.step() {
            let row = try Self.decode(statement)
            eventCount += 1
            if row.pruned { prunedCount += 1 }

            let expectedPrevious = previous?.hash ?? EventChain.genesis
            if !Self.isValid(row, after: expectedPrevious) {
                let next = try statement.step() ? try Self.decode(statement) : nil
                fault = try classify(row, previous: previous, beforePrevious: beforePrevious, next: next)
                return
            }

            beforePrevious = expectedPrevious
            previous = row
            head = ChainHead(sequence: row.sequence, hash: row.hash)
        }
    }

    private static func isValid(_ row: Row, after expectedPrevious: String) -> Bool {
        guard row.previousHash == expectedPrevious else { return false }
        guard row.hash == EventChain.linkHash(previous: expectedPrevious, content: row.contentDigest) else { return false }
        return row.pruned || row.contentDigest == EventChain.contentDigest(row.content)
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
