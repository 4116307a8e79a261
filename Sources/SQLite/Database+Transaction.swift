/// The locking mode of a transaction, as in `BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE`.
public enum TransactionKind: String, Sendable {
    /// Takes locks at the first read or write.
    case deferred = "DEFERRED"
    /// Takes the write lock at BEGIN, so that waiting for another writer happens there and
    /// not at the first write inside the transaction.
    case immediate = "IMMEDIATE"
    /// Takes the write lock and, outside WAL mode, blocks readers too.
    case exclusive = "EXCLUSIVE"
}

extension Database {
    /// Runs `body` in a transaction, commits when it returns and rolls back when it throws
    /// or when the commit fails.
    public func transaction<Result>(
        _ kind: TransactionKind = .deferred, _ body: () throws -> Result
    ) throws -> Result {
        try execute("BEGIN \(kind.rawValue)")

        let result: Result
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            rollbackIgnoringErrors()
            throw error
        }
        return result
    }

    /// Runs `body` inside `SAVEPOINT name`, so that its changes are undone when it throws
    /// while the enclosing transaction goes on.
    public func savepoint<Result>(_ name: String = "step", _ body: () throws -> Result) throws -> Result {
        let escaped = name.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }
        let quoted = "\"" + String(escaped) + "\""
        // Cached, because the event log's writer opens one savepoint per queued request.
        try executeCached("SAVEPOINT \(quoted)")

        do {
            let result = try body()
            try executeCached("RELEASE \(quoted)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(quoted)")
            try? execute("RELEASE \(quoted)")
            throw error
        }
    }

    /// Rolls back after a failure. SQLite may already have rolled back by itself (after
    /// some I/O and full-disk errors), in which case ROLLBACK fails and that is fine.
    private func rollbackIgnoringErrors() {
        try? execute("ROLLBACK")
    }
}
