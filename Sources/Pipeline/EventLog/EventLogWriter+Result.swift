import Synchronization
import SQLite

extension EventLogWriter {
    /// Runs `work` like `perform` and returns its result after the commit.
    func performReturning<Result: Sendable>(_ work: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        let box = ResultBox<Result>()
        try await perform { database in
            box.store(try work(database))
        }
        // `perform` returns without error only after `work` ran to its end and stored a value.
        guard let result = box.take() else { throw EventLogError.closed(path: path) }
        return result
    }
}

/// The result of a write, carried from the writer thread to the caller.
private final class ResultBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func store(_ result: Value) {
        value.withLock { $0 = result }
    }

    func take() -> Value? {
        value.withLock { $0 }
    }
}
