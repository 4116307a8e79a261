import Foundation
import SQLite

extension EventLog {
    /// Records the start of run `id`.
    ///
    /// Calling it again for a run whose status is `running` or `interrupted` reopens that
    /// run (status back to `running`) when `definitionSHA256` is unchanged. It throws
    /// `runAlreadyEnded` for a run that finished or failed, and `definitionChanged` when the
    /// definition differs.
    public func startRun(_ id: RunID, pipeline: String, definitionText: String, definitionSHA256: String) async throws {
        let startedAt = Date().millisecondsSince1970

        try await writer.perform { database in
            let stored = try database.query(
                "SELECT status, definition_sha256 FROM runs WHERE id = ?", [.text(id.rawValue)]
            ) { row in
                (status: try row.text(at: 0) ?? "", sha256: try row.text(at: 1) ?? "")
            }

            guard let existing = stored.first else {
                try database.execute(
                    """
                    INSERT INTO runs (id, pipeline, definition_text, definition_sha256, started_at, status)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                    [.text(id.rawValue), .text(pipeline), .text(definitionText), .text(definitionSHA256),
                     .integer(startedAt), .text(RunRecord.running)]
                )
                return
            }

            guard RunRecord.resumableStatuses.contains(existing.status) else {
                throw EventLogError.runAlreadyEnded(id, status: existing.status)
            }
            guard existing.sha256 == definitionSHA256 else {
                throw EventLogError.definitionChanged(id, stored: existing.sha256, given: definitionSHA256)
            }
            try database.execute(
                "UPDATE runs SET status = ?, finished_at = NULL, summary = NULL WHERE id = ?",
                [.text(RunRecord.running), .text(id.rawValue)]
            )
        }
    }

    /// Records the end of run `id` with `status` (`finished`, `failed` or `interrupted`)
    /// and its summary.
    public func finishRun(_ id: RunID, status: String, summary: [String: JSONValue]) async throws {
        guard RunRecord.finalStatuses.contains(status) else {
            throw EventLogError.invalidStatus(status)
        }
        let finishedAt = Date().millisecondsSince1970
        let summaryText = JSONValue.object(summary).canonicalJSON

        try await writer.perform { database in
            try database.execute(
                "UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?",
                [.text(status), .integer(finishedAt), .text(summaryText), .text(id.rawValue)]
            )
            guard database.changes > 0 else { throw EventLogError.runNotFound(id) }
        }
    }

    /// Returns the runs, newest first, at most `limit` of them when it is given, and only
    /// those of `pipeline` when it is given.
    public func runs(limit: Int? = nil, pipeline: String? = nil) async throws -> [RunRecord] {
        let rowLimit = Int64(max(0, limit ?? Int.max))
        let pipelineValue: SQLiteValue = pipeline.map { .text($0) } ?? .null

        return try await reader.read { database in
            try database.query(
                "SELECT \(RunRow.columns) FROM runs WHERE ?1 IS NULL OR pipeline = ?1 ORDER BY started_at DESC, id DESC LIMIT ?2",
                [pipelineValue, .integer(rowLimit)]
            ) { try RunRow.decode($0, path: database.path) }
        }
    }

    /// Returns run `id`, or nil when the log has no such run.
    public func run(_ id: RunID) async throws -> RunRecord? {
        try await reader.read { database in
            try database.query(
                "SELECT \(RunRow.columns) FROM runs WHERE id = ?", [.text(id.rawValue)]
            ) { try RunRow.decode($0, path: database.path) }.first
        }
    }
}
