extension ReplayHistory {
    /// Keeps one dead letter per failed item, by the rule `replay --failed` uses: an item and
    /// its replays are one item, listed with the failure of its latest replay, and left out
    /// when that replay succeeded or its failure was dismissed.
    ///
    /// The latest replay is found by following each run's newest `item.replayed` event for the
    /// item from the first run of the chain. When that replay left the item unfinished (the run
    /// is still running or was interrupted), the newest earlier failure is listed.
    public static func latestFailures(_ letters: [DeadLetter], eventLog: EventLog) async throws -> [DeadLetter] {
        let origins = try await eventLog.replayOrigins()
        var groups: [ItemKey: [DeadLetter]] = [:]
        for letter in letters {
            groups[ItemKey(firstRun: firstRun(of: letter.runID, origins: origins), itemID: letter.itemID), default: []].append(letter)
        }

        var events = EventCache(eventLog: eventLog)
        var listedIDs: Set<String> = []
        for (key, group) in groups {
            let latestRun = try await latestReplay(of: key, events: &events)
            if let letter = group.first(where: { $0.runID == latestRun }) {
                listedIDs.insert(letter.id)
            } else if try await isUnfinished(key.itemID, in: latestRun, eventLog: eventLog, events: &events),
                      let newest = group.max(by: { $0.failedAt < $1.failedAt }) {
                listedIDs.insert(newest.id)
            }
        }
        return letters.filter { listedIDs.contains($0.id) }
    }

    /// Returns the original run of an item: the run at the start of its chain of replays.
    private static func firstRun(of run: RunID, origins: [RunID: RunID]) -> RunID {
        var current = run
        var seen: Set<RunID> = [run]
        while let original = origins[current], seen.insert(original).inserted {
            current = original
        }
        return current
    }

    private static func latestReplay(of key: ItemKey, events: inout EventCache) async throws -> RunID {
        var current = key.firstRun
        var seen: Set<RunID> = [current]
        while let next = latestReplays(in: try await events.of(current))[key.itemID], seen.insert(next).inserted {
            current = next
        }
        return current
    }

    /// Checks whether `itemID` is unfinished in `run`, because it neither failed nor was
    /// skipped there and the run did not end. A failure there without a dead letter was
    /// dismissed, and an ended run without a failure means that the item succeeded.
    private static func isUnfinished(_ itemID: String, in run: RunID, eventLog: EventLog, events: inout EventCache) async throws -> Bool {
        var history = ItemHistory(id: itemID)
        for event in try await events.of(run) where event.itemID == itemID {
            history.apply(event)
        }
        guard history.failure == nil, !history.skipped else { return false }
        let status = try await eventLog.run(run)?.status
        return status == RunRecord.running || status == RunRecord.interrupted
    }

    private struct ItemKey: Hashable {
        let firstRun: RunID
        let itemID: String
    }

    /// The events of each run read so far, so that each run is read once.
    private struct EventCache {
        let eventLog: EventLog
        var runs: [RunID: [LoggedEvent]] = [:]

        mutating func of(_ run: RunID) async throws -> [LoggedEvent] {
            if let cached = runs[run] { return cached }
            let loaded = try await eventLog.events(run: run)
            runs[run] = loaded
            return loaded
        }
    }
}
