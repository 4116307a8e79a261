import Foundation
import SQLite

/// The event log's read connection, used on its own serial Dispatch queue so that reads
/// neither block the cooperative thread pool nor wait behind the writer.
///
/// `@unchecked Sendable` because `database` is used only on `queue`.
final class EventLogReader: @unchecked Sendable {
    let path: String

    private let queue = DispatchQueue(label: "imgpipe.eventlog.reader")
    private var database: Database?

    init(database: Database) {
        self.path = database.path
        self.database = database
    }

    /// Runs `work` with the read connection on the reader queue and returns its result.
    func read<Result: Sendable>(_ work: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard let database = self.database else {
                    continuation.resume(throwing: EventLogError.closed(path: self.path))
                    return
                }
                continuation.resume(with: Swift.Result { try work(database) })
            }
        }
    }

    /// Closes the read connection after the reads already queued. With `wait`, blocks
    /// until that is done.
    func close(wait: Bool) {
        let closeConnection: @Sendable () -> Void = { self.database = nil }
        if wait {
            queue.sync(execute: closeConnection)
        } else {
            queue.async(execute: closeConnection)
        }
    }
}
