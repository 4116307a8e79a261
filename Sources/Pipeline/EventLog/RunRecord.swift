import Foundation

/// A run as stored in the log.
public struct RunRecord: Sendable, Codable {
    public let id: RunID
    /// The pipeline's name from its definition.
    public let pipeline: String
    /// The definition text as passed to `startRun`. Callers pass it as written, before
    /// interpolation, with literal secrets redacted: the log stores it unchanged.
    public let definitionText: String
    /// The lowercase hex SHA-256 of `definitionText`, as computed by the caller.
    public let definitionSHA256: String
    public let startedAt: Date
    /// The time of `finishRun`, or nil while the run is `running`.
    public let finishedAt: Date?
    /// One of `RunRecord.running`, `finished`, `failed` or `interrupted`.
    public let status: String
    /// The summary passed to `finishRun`, or nil before that.
    public let summary: [String: JSONValue]?

    public init(
        id: RunID, pipeline: String, definitionText: String, definitionSHA256: String,
        startedAt: Date, finishedAt: Date?, status: String, summary: [String: JSONValue]?
    ) {
        self.id = id
        self.pipeline = pipeline
        self.definitionText = definitionText
        self.definitionSHA256 = definitionSHA256
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.summary = summary
    }
}

extension RunRecord {
    /// The status of a run that has started and not finished, or whose process died.
    public static let running = "running"
    /// The status of a run whose items all succeeded or were skipped.
    public static let finished = "finished"
    /// The status of a run that ended with failed items.
    public static let failed = "failed"
    /// The status of a run stopped by a signal after draining. It can be resumed.
    public static let interrupted = "interrupted"

    /// The statuses `finishRun` accepts.
    public static let finalStatuses: Set<String> = [finished, failed, interrupted]

    /// The statuses that `startRun` may reopen with the same identifier.
    public static let resumableStatuses: Set<String> = [running, interrupted]
}
