/// The outcomes of earlier replays of a run's items, so that `replay --failed` leaves out the
/// items that a replay already set right.
public enum ReplayHistory {
    /// Returns the ids of the original run's items whose latest replay succeeded.
    ///
    /// `originalEvents` are the original run's events, whose `item.replayed` events name each
    /// replay run. A replay keeps the item's id, so the item's events in the replay run tell
    /// how it ended there.
    public static func itemsSucceededInLatestReplay(
        of originalEvents: [LoggedEvent], stageTypes: [StageType], eventLog: EventLog
    ) async throws -> Set<String> {
        let latest = latestReplays(in: originalEvents)
        var succeeded: Set<String> = []
        for replayRun in Set(latest.values) {
            let items = Set(latest.filter { $0.value == replayRun }.keys)
            let events = try await eventLog.events(run: replayRun)
            succeeded.formUnion(succeededItems(in: events, stageTypes: stageTypes).intersection(items))
        }
        return succeeded
    }

    /// Returns the run of each item's newest `item.replayed` event, by item id.
    static func latestReplays(in originalEvents: [LoggedEvent]) -> [String: RunID] {
        var latest: [String: RunID] = [:]
        for event in originalEvents where event.type == "item.replayed" {
            guard let itemID = event.itemID, let run = event.payload["replay_run"]?.stringValue else { continue }
            latest[itemID] = RunID(rawValue: run)
        }
        return latest
    }

    /// Returns the items of a replay run that succeeded: skipped as already done, or through
    /// the last of `stageTypes`, without an `item.failed` or a dead-lettered webhook.
    static func succeededItems(in events: [LoggedEvent], stageTypes: [StageType]) -> Set<String> {
        var histories: [String: ItemHistory] = [:]
        var deadLettered: Set<String> = []
        for event in events {
            guard let itemID = event.itemID else { continue }
            histories[itemID, default: ItemHistory(id: itemID)].apply(event)
            if event.type == "webhook.dead" { deadLettered.insert(itemID) }
        }

        let succeeded = histories.values.filter { history in
            guard history.failure == nil, !deadLettered.contains(history.id) else { return false }
            guard let last = stageTypes.last else { return true }
            return history.skipped || history.finishedStages.contains(last)
        }
        return Set(succeeded.map(\.id))
    }
}
