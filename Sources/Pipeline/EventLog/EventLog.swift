import Foundation
import SQLite

/// The durable record of every run and every step of its items, in an SQLite file.
///
/// Writes go through one dedicated writer thread that commits them in batches. Reads use a
/// second connection on its own queue. Neither blocks the cooperative thread pool. Several
/// `EventLog` instances, in one process or several, may write to the same file at once:
/// each batch takes SQLite's write lock in turn, waiting up to 10 seconds for it.
public final class EventLog: Sendable {
    /// The SQLite file.
    public let path: String

    let writer: EventLogWriter
    let reader: EventLogReader

    private init(path: String, writer: EventLogWriter, reader: EventLogReader) {
        self.path = path
        self.writer = writer
        self.reader = reader
    }

    deinit {
        // No call can be in flight once the last reference is gone, so this only closes the
        // connections, without blocking the thread that released the log.
        writer.close(wait: false)
        reader.close(wait: false)
    }

    /// Opens or creates the SQLite file at `path` (usually `<state dir>/events.sqlite`),
    /// creating parent folders, switching it to WAL mode and applying missing migrations.
    ///
    /// This call blocks on file I/O while it opens and migrates the file.
    public static func open(path: String) throws -> EventLog {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let writeConnection = try Database(path: path, busyTimeout: EventLogSchema.busyTimeout)
        try EventLogSchema.configureWriter(writeConnection)
        try EventLogSchema.migrate(writeConnection)

        let readConnection = try Database(path: path, mode: .readWrite, busyTimeout: EventLogSchema.busyTimeout)
        try EventLogSchema.configureReader(readConnection)

        return EventLog(
            path: path,
            writer: EventLogWriter(database: writeConnection),
            reader: EventLogReader(database: readConnection)
        )
    }

    /// Commits the writes already queued, then closes both connections. Blocks until done.
    /// Later calls throw `EventLogError.closed`. Calling `close` again does nothing.
    public func close() {
        writer.close(wait: true)
        reader.close(wait: true)
    }

    /// The number of transactions the writer has committed, which shows how appends were
    /// batched.
    var commitCount: Int {
        writer.commitCount
    }
}
