import Crypto
import Foundation
import SQLite

/// The hash chain over the `events` table that makes edits to the log detectable.
///
/// Each event stores three lowercase hex SHA-256 values:
/// - `content_sha256`: the digest of the event's canonical encoding (`contentDigest`);
/// - `prev_hash`: the `hash` of the event before it in sequence order, or `genesis` for the first;
/// - `hash`: SHA-256 of the ASCII text `prev_hash` followed by `content_sha256`.
///
/// Retention may drop an event's payload but keeps these three values, so every link of the
/// chain can still be checked, and the content of every event that kept its payload.
enum EventChain {
    /// The `prev_hash` of the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// The columns of one event that its content digest covers.
    struct Content {
        var runID: String
        var itemID: String?
        var stage: String?
        var type: String
        var payload: String
        var time: Int64
    }

    /// Returns the SHA-256 of `content` in a canonical encoding: the fields in a fixed order,
    /// each written as its UTF-8 byte count, a colon and its bytes, or as `~` when NULL. The
    /// payload is the stored canonical JSON text, so the digest covers the exact stored bytes.
    static func contentDigest(_ content: Content) -> String {
        var encoding = Data()
        for field in [content.runID, content.itemID, content.stage, content.type, content.payload, String(content.time)] {
            guard let field else {
                encoding.append(UInt8(ascii: "~"))
                continue
            }
            let bytes = Data(field.utf8)
            encoding.append(contentsOf: "\(bytes.count):".utf8)
            encoding.append(bytes)
        }
        return SHA256.hash(encoding).hex
    }

    /// Returns the `hash` of an event whose predecessor's hash is `previous`.
    static func linkHash(previous: String, content: String) -> String {
        SHA256.hash(Data((previous + content).utf8)).hex
    }

    /// Returns the hash of the newest event, or `genesis` for an empty log. Call it inside the
    /// write transaction, so that no other writer can append between this read and the insert.
    static func headHash(in database: Database) throws -> String {
        // Cached, because every append reads the head.
        let statement = try database.cachedStatement("SELECT hash FROM events ORDER BY seq DESC LIMIT 1")
        guard try statement.step() else { return genesis }
        return try statement.text(at: 0) ?? genesis
    }

    /// Computes the chain columns of every event again, in sequence order. The migration that
    /// added the chain runs it to cover events written before the chain existed.
    static func backfill(_ database: Database) throws {
        var previous = genesis
        let rows = try database.query(
            "SELECT seq, run_id, item_id, stage, type, payload, time FROM events ORDER BY seq"
        ) { row in
            (sequence: try row.int64(at: 0), content: Content(
                runID: try row.text(at: 1) ?? "", itemID: try row.text(at: 2), stage: try row.text(at: 3),
                type: try row.text(at: 4) ?? "", payload: try row.text(at: 5) ?? "", time: try row.int64(at: 6)
            ))
        }

        let update = try database.prepare("UPDATE events SET content_sha256 = ?, prev_hash = ?, hash = ? WHERE seq = ?")
        for row in rows {
            let content = contentDigest(row.content)
            let hash = linkHash(previous: previous, content: content)
            try update.reset()
            try update.bind([.text(content), .text(previous), .text(hash), .integer(row.sequence)])
            try update.step()
            previous = hash
        }
    }
}
