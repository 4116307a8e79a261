import Pipeline
import Synchronization

/// The event log that `/runs` of `serve` reads, opened at the first request rather than at
/// start, so that creating and migrating the file does not delay `/healthz`.
final class LazyEventLog: Sendable {
    let path: String
    private let opened = Mutex<EventLog?>(nil)

    init(path: String) {
        self.path = path
    }

    /// Opens the log on first use, off the cooperative pool, and returns it.
    func get() async throws -> EventLog {
        if let eventLog = opened.withLock({ $0 }) {
            return eventLog
        }
        let path = self.path
        let fresh = try await BlockingWork.run { try EventLog.open(path: path) }
        let (winner, isFresh) = opened.withLock { current -> (EventLog, Bool) in
            if let current { return (current, false) }
            current = fresh
            return (fresh, true)
        }
        // Two first requests at once both opened the file; the later one keeps the first log.
        if !isFresh {
            fresh.close()
        }
        return winner
    }

    /// Closes the log if a request opened it.
    func close() {
        opened.withLock { $0 }?.close()
    }
}
