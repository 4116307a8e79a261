import Foundation
import Pipeline

extension Invocation {
    /// Opens the event log for a command that only reads it, without creating a state
    /// directory or an empty log where none exists yet.
    func openExistingEventLog() throws -> EventLog {
        let path = locations.eventLogPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no event log at \(path) yet: run a pipeline first with 'imgpipe run FILE', or pass --state-dir", exitCode: .usage)
        }
        return try EventLog.open(path: path)
    }
}
