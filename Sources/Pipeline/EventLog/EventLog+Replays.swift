import Foundation
import SQLite

extension EventLog {
    /// Links replay run `replay` to the run it replayed: sets its `replay_of` and records an
    /// `item.replayed` event for each replayed item in the original run, which takes the item
    /// off the list of failed items.
    public func linkReplay(_ replay: RunID, to original: RunID, items: [String]) async throws {
        let now = Date().millisecondsSince1970
        let events = [NewEvent(runID: replay, type: "run.replay_of", payload: ["original": .string(original.rawValue)])]
            + items.map { NewEvent(runID: original, itemID: $0, type: "item.replayed", payload: ["replay_run": .string(replay.rawValue)]) }

        try await writer.perform { database in
            try database.execute("UPDATE runs SET replay_of = ? WHERE id = ?", [.text(original.rawValue), .text(replay.rawValue)])
            try Self.insert(events, time: now, into: database)
        }
    }
}

extension EventLog {
    /// Returns the run each replay run replayed, by replay run id.
    public func replayOrigins() async throws -> [RunID: RunID] {
        let pairs = try await reader.read { database in
            try database.query("SELECT id, replay_of FROM runs WHERE replay_of IS NOT NULL", []) { row in
                (try row.text(at: 0) ?? "", try row.text(at: 1) ?? "")
            }
        }
        var origins: [RunID: RunID] = [:]
        for (replay, original) in pairs {
            origins[RunID(rawValue: replay)] = RunID(rawValue: original)
        }
        return origins
    }
}
