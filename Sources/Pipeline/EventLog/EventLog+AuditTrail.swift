import Foundation
import SQLite

/// One file that went to one link: the upload stage's record joined with the item's source.
public struct UploadTrail: Sendable {
    public let runID: RunID
    public let itemID: String
    /// The source path where ingest found the file, or nil when `gc` removed it.
    public let path: String?
    public let sha256: String?
    public let imageID: String?
    public let link: String?
    /// The account the upload ran under, or `anonymous`.
    public let account: String?
    public let uploadedAt: Date
}

extension EventLog {
    /// Returns every recorded upload, oldest first, of `run` only and since `since` only when
    /// they are given. Uploads whose payloads `gc` removed are listed without link or path.
    public func uploadTrails(run: RunID? = nil, since: Date? = nil) async throws -> [UploadTrail] {
        var sql = """
            SELECT e.run_id, e.item_id, e.payload, e.time,
                   (SELECT json_extract(d.payload, '$.path') FROM events d
                    WHERE d.run_id = e.run_id AND d.item_id = e.item_id AND d.type = 'item.discovered' LIMIT 1)
            FROM events e WHERE e.stage = 'upload' AND e.type = 'stage.finished'
            """
        var values: [SQLiteValue] = []
        if let run {
            sql += " AND e.run_id = ?"
            values.append(.text(run.rawValue))
        }
        if let since {
            sql += " AND e.time >= ?"
            values.append(.integer(since.millisecondsSince1970))
        }
        sql += " ORDER BY e.seq"

        return try await reader.read { [sql, values] database in
            try database.query(sql, values) { row in
                var payload: [String: JSONValue] = [:]
                if case .object(let members)? = try? JSONValue(parsing: try row.text(at: 2) ?? "{}") {
                    payload = members
                }
                return UploadTrail(
                    runID: RunID(rawValue: try row.text(at: 0) ?? ""), itemID: try row.text(at: 1) ?? "",
                    path: try row.text(at: 4), sha256: payload["sha256"]?.stringValue, imageID: payload["id"]?.stringValue,
                    link: payload["link"]?.stringValue, account: payload["account"]?.stringValue,
                    uploadedAt: Date(millisecondsSince1970: try row.int64(at: 3))
                )
            }
        }
    }
}
