import Foundation
import SQLite

/// One queued write: the work to run inside a batch transaction, and the completion to
/// call after that transaction's COMMIT with the work's error, if any.
struct WriteRequest: Sendable {
    let work: @Sendable (Database) throws -> Void
    let completion: @Sendable ((any Error)?) -> Void
}

/// The thread that owns the event log's write connection and commits queued writes in
/// batches (group commit), so many appends share one fsync.
///
/// `@unchecked Sendable` because `database` is used only on the writer thread, and
/// `pending`, `state` and `commits` only while `condition` is locked.
final class EventLogWriter: @unchecked Sendable {
    private enum State {
        case running
        case closing
        case closed
    }

    /// The maximum number of requests in one transaction, so that a flood of appends still
    /// commits, and resumes its first callers, at regular intervals.
    static let maximumBatchSize = 1000

    let path: String

    private let condition = NSCondition()
    private var pending: [WriteRequest] = []
    private var state = State.running
    private var commits = 0
    private var database: Database?

    init(database: Database) {
        self.path = database.path
        self.database = database

        let thread = Thread { [self] in
            runLoop()
        }
        thread.name = "imgpipe.eventlog.writer"
        thread.start()
    }

    /// Queues `work` and returns after the transaction that ran it has committed.
    ///
    /// `work` runs inside a savepoint on the writer thread, so when it throws, its own
    /// changes are undone and the other requests of its batch still commit.
    func perform(_ work: @escaping @Sendable (Database) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let request = WriteRequest(work: work) { error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume()
                }
            }
            if !enqueue(request) {
                continuation.resume(throwing: EventLogError.closed(path: path))
            }
        }
    }

    /// The number of transactions committed so far.
    var commitCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return commits
    }

    /// Makes the thread commit the queued requests, close the connection and stop. With
    /// `wait`, blocks until that is done. Requests queued after `close` fail with
    /// `EventLogError.closed`.
    func close(wait: Bool) {
        condition.lock()
        defer { condition.unlock() }

        if state == .running {
            state = .closing
            condition.broadcast()
        }
        while wait && state != .closed {
            condition.wait()
        }
    }

    private func enqueue(_ request: WriteRequest) -> Bool {
        condition.lock()
        defer { condition.unlock() }

        guard state == .running else { return false }
        pending.append(request)
        condition.signal()
        return true
    }

    private func runLoop() {
        while let batch = nextBatch() {
            commit(batch)
        }

        // Release the connection on this thread, which closes the file.
        database = nil

        condition.lock()
        state = .closed
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for requests and takes up to `maximumBatchSize` of them. Returns nil once the
    /// writer is closing and nothing is left.
    private func nextBatch() -> [WriteRequest]? {
        condition.lock()
        defer { condition.unlock() }

        while pending.isEmpty && state == .running {
            condition.wait()
        }
        guard !pending.isEmpty else { return nil }

        let batch = Array(pending.prefix(Self.maximumBatchSize))
        pending.removeFirst(batch.count)
        return batch
    }

    private func commit(_ batch: [WriteRequest]) {
        guard let database else { return }
        let errors = commitTogether(batch, in: database)

        // When SQLite rolled back the whole batch (a full disk, an I/O error), requests that
        // did nothing wrong were lost with the failing one. Each is tried again on its own, so
        // that only the request that cannot be written fails.
        if batch.count > 1, errors.allSatisfy({ $0 != nil }) {
            for request in batch {
                request.completion(commitTogether([request], in: database)[0])
            }
            return
        }
        for (request, error) in zip(batch, errors) {
            request.completion(error)
        }
    }

    /// Runs `batch` in one transaction and returns each request's error.
    private func commitTogether(_ batch: [WriteRequest], in database: Database) -> [(any Error)?] {
        var errors = [(any Error)?](repeating: nil, count: batch.count)

        do {
            try database.transaction(.immediate) {
                for (index, request) in batch.enumerated() {
                    do {
                        try database.savepoint("request") { try request.work(database) }
                    } catch {
                        errors[index] = error
                    }

                    // After some errors (disk full, I/O) SQLite rolls back the whole
                    // transaction. Later savepoints would then commit on their own, so the
                    // batch stops here and fails as a whole.
                    if let error = errors[index], !database.isInTransaction {
                        throw error
                    }
                }
            }
            countCommit()
        } catch {
            // BEGIN or COMMIT failed, so nothing of this batch was written.
            errors = Array(repeating: error, count: batch.count)
        }
        return errors
    }

    private func countCommit() {
        condition.lock()
        commits += 1
        condition.unlock()
    }
}
