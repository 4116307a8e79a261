import Foundation
import SQLite

/// An image one run uploaded, as its upload stage recorded it.
public struct RunUpload: Sendable {
    public let itemID: String
    public let imageID: String
    public let deletehash: String?
    public let link: String?
    /// True when the run's log already records the image's deletion by `revert`.
    public let isDeleted: Bool
}

extension EventLog {
    /// The event type `revert` records for each image it deleted, or found already gone.
    public static let imageDeletedType = "image.deleted"

    /// Returns the images `run` uploaded, in upload order.
    public func uploads(of run: RunID) async throws -> [RunUpload] {
        let sql = """
            SELECT e.item_id, e.payload,
                   EXISTS (SELECT 1 FROM events d WHERE d.run_id = e.run_id AND d.item_id = e.item_id AND d.type = ?)
            FROM events e
            WHERE e.run_id = ? AND e.stage = 'upload' AND e.type = 'stage.finished' AND e.pruned = 0
            ORDER BY e.seq
            """
        return try await reader.read { database in
            try database.query(sql, [.text(Self.imageDeletedType), .text(run.rawValue)]) { row -> RunUpload? in
                guard case .object(let payload) = try JSONValue(parsing: try row.text(at: 1) ?? "{}"),
                      let imageID = payload["id"]?.stringValue else { return nil }
                return RunUpload(
                    itemID: try row.text(at: 0) ?? "", imageID: imageID, deletehash: payload["deletehash"]?.stringValue,
                    link: payload["link"]?.stringValue, isDeleted: try row.int64(at: 2) != 0
                )
            }.compactMap { $0 }
        }
    }
}
