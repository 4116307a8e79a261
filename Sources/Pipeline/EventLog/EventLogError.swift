/// A failure of the event log that is not a plain SQLite error.
public enum EventLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The log was closed before or while the call was made.
    case closed(path: String)
    /// The file was written by a newer imgpipe with a schema this one does not know.
    case schemaTooNew(path: String, found: Int32, supported: Int32)
    /// SQLite did not switch the file to write-ahead logging.
    case journalModeNotWAL(path: String, mode: String)
    /// No run has this identifier.
    case runNotFound(RunID)
    /// `startRun` was called for a run that already ended with a final status.
    case runAlreadyEnded(RunID, status: String)
    /// `startRun` was called to resume a run with a different definition.
    case definitionChanged(RunID, stored: String, given: String)
    /// `finishRun` was called with a status other than finished, failed or interrupted.
    case invalidStatus(String)
    /// A stored payload or summary is not a JSON object.
    case invalidStoredJSON(path: String, detail: String)

    public var description: String {
        switch self {
        case .closed(let path):
            return "The event log \(path) is closed: open it again to write or read"
        case .schemaTooNew(let path, let found, let supported):
            return "The event log \(path) has schema version \(found), but this imgpipe supports up to "
                + "version \(supported): upgrade imgpipe, or use another --state-dir"
        case .journalModeNotWAL(let path, let mode):
            return "Failed to switch the event log \(path) to WAL journal mode (it is '\(mode)'): "
                + "put the state directory on a local file system"
        case .runNotFound(let id):
            return "Run \(id) not found in the event log: list runs with 'imgpipe runs'"
        case .runAlreadyEnded(let id, let status):
            return "Run \(id) already ended with status '\(status)' and cannot be reopened: start a new run"
        case .definitionChanged(let id, let stored, let given):
            return "Run \(id) was started with a definition of SHA-256 \(stored), but the definition now has "
                + "SHA-256 \(given): start a new run, or restore the original definition to resume"
        case .invalidStatus(let status):
            let allowed = RunRecord.finalStatuses.sorted().joined(separator: ", ")
            return "Invalid final run status '\(status)': expected one of \(allowed)"
        case .invalidStoredJSON(let path, let detail):
            return "The event log \(path) contains invalid JSON (\(detail)): check the file with 'imgpipe audit verify'"
        }
    }
}
