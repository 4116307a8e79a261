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
