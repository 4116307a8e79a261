import Foundation
import ImgurAdapter
import Pipeline

/// The account profiles in `credentials.json` in the config directory. Every change happens
/// under the lock file beside it, re-reads the file first and replaces it atomically, so
/// several `imgpipe` processes can share one file.
public final class TokenStore: Sendable {
    public let path: String
    /// Runs after a new temporary file is synced and before it replaces the old file; tests
    /// throw from it to simulate a crash in the middle of a write.
    let beforeRename: @Sendable () throws -> Void

    public convenience init(configDirectory: String) {
        self.init(path: configDirectory + "/credentials.json")
    }

    init(path: String, beforeRename: @escaping @Sendable () throws -> Void = {}) {
        self.path = path
        self.beforeRename = beforeRename
    }

    var lockPath: String {
        path + ".lock"
    }

    /// Reads one account without taking the lock; renames make every read see a whole file.
    public func account(_ name: String) async throws -> StoredAccount? {
        let path = self.path
        return try await BlockingWork.run { try CredentialsFile.read(at: path).accounts[name] }
    }

    /// Reads every account profile.
    public func document() async throws -> CredentialsDocument {
        let path = self.path
        return try await BlockingWork.run { try CredentialsFile.read(at: path) }
    }

    /// Changes the document under the lock and writes it back when it changed.
    @discardableResult
    public func update<Result: Sendable>(
        _ change: @escaping @Sendable (inout CredentialsDocument) throws -> Result
    ) async throws -> Result {
        try await withLock { try await self.modify(change) }
    }

    /// Runs `body` while holding the lock, releasing it however `body` ends.
    func withLock<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        let lock = try await CredentialsLock.acquire(path: lockPath)
        defer { lock.release() }
        return try await body()
    }

    /// Read, change and write without taking the lock; callers must hold it.
    func modify<Result: Sendable>(
        _ change: @escaping @Sendable (inout CredentialsDocument) throws -> Result
    ) async throws -> Result {
        let path = self.path
        let beforeRename = self.beforeRename
        return try await BlockingWork.run {
            let original = try CredentialsFile.read(at: path)
            var document = original
            let result = try change(&document)
            if document != original {
                try CredentialsFile.write(document, to: path, beforeRename: beforeRename)
            }
            return result
        }
    }

    /// Removes an account profile; returns whether it existed.
    public func remove(_ name: String) async throws -> Bool {
        try await update { document in
            document.accounts.removeValue(forKey: name) != nil
        }
    }
}
