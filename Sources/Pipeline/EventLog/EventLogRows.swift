import Foundation
import SQLite

/// Reads `runs` rows selected with `RunRow.columns` into `RunRecord`.
enum RunRow {
    static let columns =
        "id, pipeline, definition_text, definition_sha256, started_at, finished_at, status, summary"

    static func decode(_ row: Statement, path: String) throws -> RunRecord {
        let summaryText = try row.text(at: 7)

        return RunRecord(
            id: RunID(rawValue: try row.text(at: 0) ?? ""),
            pipeline: try row.text(at: 1) ?? "",
            definitionText: try row.text(at: 2) ?? "",
            definitionSHA256: try row.text(at: 3) ?? "",
            startedAt: Date(millisecondsSince1970: try row.int64(at: 4)),
            finishedAt: try row.optionalInt64(at: 5).map(Date.init(millisecondsSince1970:)),
            status: try row.text(at: 6) ?? "",
            summary: try summaryText.map { try decodeObject($0, path: path) }
        )
    }
}

/// Reads `events` rows selected with `EventRow.columns` into `LoggedEvent`.
enum EventRow {
    static let columns = "seq, run_id, item_id, stage, type, payload, time"

    static func decode(_ row: Statement, path: String) throws -> LoggedEvent {
        LoggedEvent(
            sequence: try row.int64(at: 0),
            runID: RunID(rawValue: try row.text(at: 1) ?? ""),
            itemID: try row.text(at: 2),
            stage: try row.text(at: 3),
            type: try row.text(at: 4) ?? "",
            payload: try decodeObject(try row.text(at: 5) ?? "", path: path),
            time: Date(millisecondsSince1970: try row.int64(at: 6))
        )
    }
}

/// Parses stored JSON text that must be an object, such as a payload or a summary.
private func decodeObject(_ text: String, path: String) throws -> [String: JSONValue] {
    let value: JSONValue
    do {
        value = try JSONValue(parsing: text)
    } catch {
        throw EventLogError.invalidStoredJSON(path: path, detail: "\(error)")
    }
    guard case .object(let members) = value else {
        throw EventLogError.invalidStoredJSON(path: path, detail: "expected an object, found \(text.prefix(40))")
    }
    return members
}

extension Date {
    /// Whole milliseconds since 1970-01-01 UTC, rounded down: the unit of the log's times.
    var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
