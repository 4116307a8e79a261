import Foundation
import SQLite

/// An earlier upload of some content, found by its source SHA-256.
public struct EarlierUpload: Sendable {
    public let runID: RunID
    public let itemID: String
    /// The image's link, or nil when the earlier upload's outcome is unknown.
    public let link: String?
    /// The Imgur image id, or nil when the outcome is unknown.
    public let imageID: String?
}

/// An item whose upload was claimed (`stage.started`) and whose result was never recorded, so
/// its file may or may not have reached Imgur.
public struct UnrecordedUpload: Sendable {
    public let runID: RunID
    public let itemID: String
}

extension EventLog {
    /// Returns what the upload stage checks before sending content `sha256`, read in one visit
    /// to the read connection. `earlier` is the latest upload of the content by any run of
    /// `pipeline`, and `unrecorded` an upload of it that was claimed and has no result. The
    /// private `earlierUpload` and `unrecordedUpload` below give the exact rules.
    public func uploadHistory(
        of sha256: String,
        pipeline: String,
        claimedNowBy item: String,
        in run: RunID
    ) async throws -> (earlier: EarlierUpload?, unrecorded: UnrecordedUpload?) {
        try await reader.read { database in
            let earlier = try Self.earlierUpload(of: sha256, pipeline: pipeline, in: database)
            let unrecorded = try Self.unrecordedUpload(of: sha256, pipeline: pipeline, claimedNowBy: item, in: run, database: database)
            return (earlier, unrecorded)
        }
    }

    /// Returns the latest upload of content `sha256` by any run of `pipeline`: a committed
    /// `stage.finished` of the upload stage, or an upload whose outcome was recorded as unknown.
    /// An image that `revert` deleted no longer counts, so its content can be uploaded again.
    private static func earlierUpload(of sha256: String, pipeline: String, in database: Database) throws -> EarlierUpload? {
        let sql = """
            SELECT e.run_id, e.item_id, e.type, e.payload FROM events e JOIN runs r ON r.id = e.run_id
            WHERE e.stage = 'upload' AND json_extract(e.payload, '$.sha256') = ? AND r.pipeline = ?
              AND (e.type = 'stage.finished' OR e.type = 'upload.outcome_unknown')
              AND NOT EXISTS (SELECT 1 FROM events d WHERE d.run_id = e.run_id AND d.item_id = e.item_id AND d.type = 'image.deleted')
            ORDER BY e.seq DESC LIMIT 1
            """
        return try database.query(sql, [.text(sha256), .text(pipeline)]) { row -> EarlierUpload in
            let payload = try JSONValue(parsing: try row.text(at: 3) ?? "{}")
            guard case .object(let members) = payload else {
                throw EventLogError.invalidStoredJSON(path: database.path, detail: "upload payload is not an object")
            }
            return EarlierUpload(
                runID: RunID(rawValue: try row.text(at: 0) ?? ""),
                itemID: try row.text(at: 1) ?? "",
                link: members["link"]?.stringValue,
                imageID: members["id"]?.stringValue
            )
        }.first
    }

    /// Returns the newest item of any run of `pipeline` with content `sha256` whose upload was
    /// claimed and has no result, which is a `stage.finished`, `item.failed`, `item.skipped` or
    /// `upload.outcome_unknown` of the upload stage.
    ///
    /// The claim the current process just made for `item` of `run` does not count, so that item
    /// matches only when an earlier process of the run claimed it too. Callers other than
    /// `imgpipe upload` hold the pipeline's run lock, so no claim found is an upload that
    /// another process is still sending. The one query finds its candidates through the index on discovered content
    /// hashes. The unary `+` keeps SQLite from reading every claim through the index on `type`
    /// instead of the item's own events.
    private static func unrecordedUpload(
        of sha256: String,
        pipeline: String,
        claimedNowBy item: String,
        in run: RunID,
        database: Database
    ) throws -> UnrecordedUpload? {
        let sql = """
            SELECT d.run_id, d.item_id FROM events d JOIN runs r ON r.id = d.run_id
            WHERE d.type = 'item.discovered' AND json_extract(d.payload, '$.sha256') = ? AND r.pipeline = ?
              AND (SELECT count(*) FROM events c
                   WHERE c.run_id = d.run_id AND c.item_id = d.item_id AND c.stage = 'upload' AND +c.type = 'stage.started')
                  > (CASE WHEN d.run_id = ? AND d.item_id = ? THEN 1 ELSE 0 END)
              AND NOT EXISTS (SELECT 1 FROM events o
                   WHERE o.run_id = d.run_id AND o.item_id = d.item_id AND o.stage = 'upload'
                     AND o.type IN ('stage.finished', 'item.failed', 'item.skipped', 'upload.outcome_unknown'))
            ORDER BY d.seq DESC LIMIT 1
            """
        let values: [SQLiteValue] = [.text(sha256), .text(pipeline), .text(run.rawValue), .text(item)]
        return try database.query(sql, values) { row in
            UnrecordedUpload(runID: RunID(rawValue: try row.text(at: 0) ?? ""), itemID: try row.text(at: 1) ?? "")
        }.first
    }

    /// Returns the newest run of `pipeline` that has not ended (`running` or `interrupted`).
    public func unfinishedRun(of pipeline: String) async throws -> RunRecord? {
        let placeholders = RunRecord.resumableStatuses.map { _ in "?" }.joined(separator: ", ")
        let values: [SQLiteValue] = [.text(pipeline)] + RunRecord.resumableStatuses.sorted().map { .text($0) }

        return try await reader.read { database in
            try database.query(
                "SELECT \(RunRow.columns) FROM runs WHERE pipeline = ? AND status IN (\(placeholders)) ORDER BY started_at DESC, id DESC LIMIT 1",
                values
            ) { try RunRow.decode($0, path: database.path) }.first
        }
    }
}
