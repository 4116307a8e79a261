import SQLite

/// The event log's connection settings and its tables, upgraded by numbered migrations.
enum EventLogSchema {
    /// How long a connection waits for another process's write lock before failing. Writers
    /// hold the lock only for one batch commit, so waiting longer than this means a stuck
    /// process or disk.
    static let busyTimeout: Duration = .seconds(10)

    /// Migration N upgrades a file from `user_version` N-1 to N. A shipped migration must not
    /// change, because files already at its version never run it again: add a new one instead.
    static let migrations: [String] = [
        // 1: runs and their events. Times (started_at, finished_at, time) are Unix
        // milliseconds, and payloads are canonical JSON objects.
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL,
            pipeline TEXT NOT NULL,
            definition_text TEXT NOT NULL,
            definition_sha256 TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            status TEXT NOT NULL
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL REFERENCES runs (id),
            item_id TEXT,
            stage TEXT,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            time INTEGER NOT NULL
        );
        CREATE INDEX events_run_item ON events (run_id, item_id);
        """,
        // 2: run summaries, lookups by event type and newest-first run listing.
        """
        ALTER TABLE runs ADD COLUMN summary TEXT;
        CREATE INDEX events_type ON events (type);
        CREATE INDEX runs_started_at ON runs (started_at);
        """,
        // 3: lookups of uploaded content by hash, the webhook outbox and disabled endpoints.
        // A delivery's `status` is pending, delivered, dead or dismissed; its times are Unix
        // milliseconds like the events'.
        """
        CREATE INDEX events_upload_content ON events (json_extract(payload, '$.sha256'))
            WHERE stage = 'upload';
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs (id),
            item_id TEXT,
            pipeline TEXT NOT NULL,
            url TEXT NOT NULL,
            event_type TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_status INTEGER,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            finished_at INTEGER
        );
        CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, url);
        CREATE TABLE webhook_endpoints (
            url TEXT PRIMARY KEY NOT NULL,
            disabled_at INTEGER NOT NULL,
            reason TEXT NOT NULL
        );
        """,
        // 4: the hash chain (see `EventChain`), payloads dropped by retention (`pruned` is 1
        // and `payload` is '{}'), and dismissed dead letters. Events written before this
        // migration get their chain values right after it, in the same transaction.
        """
        ALTER TABLE events ADD COLUMN content_sha256 TEXT;
        ALTER TABLE events ADD COLUMN prev_hash TEXT;
        ALTER TABLE events ADD COLUMN hash TEXT;
        ALTER TABLE events ADD COLUMN pruned INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN replay_of TEXT;
        CREATE TABLE dismissed_items (
            run_id TEXT NOT NULL REFERENCES runs (id),
            item_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            dismissed_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, item_id)
        );
        """,
        // 5: lookups of discovered content by hash, which find the upload claims of other
        // runs' items with the same bytes.
        """
        CREATE INDEX events_discovered_content ON events (json_extract(payload, '$.sha256'))
            WHERE type = 'item.discovered';
        """,
    ]

    /// The version whose migration added the hash chain.
    static let chainVersion: Int32 = 4

    static var latestVersion: Int32 {
        Int32(migrations.count)
    }

    /// Sets up the write connection, opened with `busyTimeout`: WAL, full sync and foreign keys.
    static func configureWriter(_ database: Database) throws {
        // WAL lets readers run during a write and lets several processes append in turn.
        let mode = try database.pragma("journal_mode = WAL") ?? ""
        guard mode.lowercased() == "wal" else {
            throw EventLogError.journalModeNotWAL(path: database.path, mode: mode)
        }

        // With WAL and synchronous=NORMAL, a COMMIT writes the WAL through the kernel without
        // an fsync, so an acknowledged append survives a crash of this process (the kernel
        // still holds the write) but the last commits before a power loss or kernel crash may
        // be rolled back; the database is never corrupted either way. FULL would fsync at
        // every commit, which measured here at about 2 ms each, and made logging dominate
        // run time for small images.
        try database.pragma("synchronous = NORMAL")
        try database.pragma("foreign_keys = ON")
    }

    /// Sets up a connection, opened with `busyTimeout`, that only reads.
    static func configureReader(_ database: Database) throws {
        try database.pragma("query_only = ON")
    }

    /// Applies the migrations the file lacks, in one transaction. The version is read inside
    /// the write lock, so two processes opening a new file at once do not both migrate it.
    static func migrate(_ database: Database) throws {
        try database.transaction(.immediate) {
            let version = try database.userVersion()
            guard version <= latestVersion else {
                throw EventLogError.schemaTooNew(path: database.path, found: version, supported: latestVersion)
            }

            for migration in migrations.dropFirst(Int(max(0, version))) {
                try database.execute(migration)
            }
            if version < chainVersion {
                try EventChain.backfill(database)
            }
            try database.setUserVersion(latestVersion)
        }
    }
}
