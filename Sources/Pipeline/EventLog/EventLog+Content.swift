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

extension EventLog {
    /// Returns the latest upload of content `sha256` by any run of `pipeline`: a committed
    /// `stage.finished` of the upload stage, or an upload whose outcome was recorded as unknown.
    /// An image that `revert` deleted no longer counts, so its content can be uploaded again.
    public func earlierUpload(of sha256: String, pipeline: String) async throws -> EarlierUpload? {
        let sql = """
            SELECT e.run_id, e.item_id, e.type, e.payload FROM events e JOIN runs r ON r.id = e.run_id
            WHERE e.stage = 'upload' AND json_extract(e.payload, '$.sha256') = ? AND r.pipeline = ?
              AND (e.type = 'stage.finished' OR e.type = 'upload.outcome_unknown')
              AND NOT EXISTS (SELECT 1 FROM events d WHERE d.run_id = e.run_id AND d.item_id = e.item_id AND d.type = 'image.deleted')
            ORDER BY e.seq DESC LIMIT 1
            """
        return try await reader.read { database in
            try database.query(sql, [.text(sha256), .text(pipeline)]) { row -> EarlierUpload in
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
