import Foundation

extension ResumePlan {
    /// Builds the plan of a replay: the chosen items of the original run, rebuilt from their
    /// `stage.finished` payloads, enter `request.stage` in a new run. An item that needs its
    /// source file, which is gone from where the log last saw it, is returned in `missing`
    /// to fail with a clear error instead. With `request.failedOnly`, the failed items in
    /// `succeededInReplay` are left out, because a later replay already set them right.
    public static func replay(
        _ request: ReplayRequest, events: [LoggedEvent], stageTypes: [StageType], succeededInReplay: Set<String> = []
    ) -> (plan: ResumePlan, missing: [(path: String, message: String)]) {
        var histories: [String: ItemHistory] = [:]
        var order: [String] = []
        var movedTo: [String: String] = [:]
        for event in events {
            guard let itemID = event.itemID else { continue }
            if histories[itemID] == nil { order.append(itemID) }
            histories[itemID, default: ItemHistory(id: itemID)].apply(event)
            if event.type == "source.moved", let destination = event.payload["destination"]?.stringValue {
                movedTo[itemID] = destination
            }
        }

        var plan = ResumePlan()
        var missing: [(path: String, message: String)] = []
        let entryIndex = stageTypes.firstIndex(of: request.stage) ?? 0
        for itemID in order {
            plan.lastIndex = max(plan.lastIndex, Int(itemID) ?? 0)
            guard let history = histories[itemID], let original = history.item, !history.skipped else { continue }
            guard request.itemID == nil || request.itemID == itemID else { continue }
            guard !request.failedOnly || (history.failure != nil && !succeededInReplay.contains(itemID)) else { continue }

            let item = replayItem(original, movedTo: movedTo[itemID], from: request.stage)
            let stageIndex = startIndex(for: item, entryIndex: entryIndex, stageTypes: stageTypes)
            if needsSource(stageTypes[stageIndex]), !FileManager.default.fileExists(atPath: item.sourcePath) {
                missing.append((item.sourcePath, "source file \(item.sourcePath) of item \(itemID) in run \(request.original) is gone, so it cannot be replayed from \(request.stage.rawValue); put the file back or replay from a later stage"))
                continue
            }
            plan.entries.append(Entry(item: item, stageIndex: stageIndex))
        }
        return (plan, missing)
    }

    /// Returns the item as it entered `stage`: at its last known source path, without the
    /// failure and without the outputs of `stage` and later stages.
    private static func replayItem(_ original: Item, movedTo: String?, from stage: StageType) -> Item {
        var item = Item(id: original.id, index: original.index, sourcePath: movedTo ?? original.sourcePath,
                        sha256: original.sha256, byteSize: original.byteSize)
        let order = StageType.allCases
        let entry = order.firstIndex(of: stage) ?? 0
        func kept(_ producer: StageType) -> Bool { order.firstIndex(of: producer)! < entry }
        if kept(.metadata) { item.metadata = original.metadata }
        if kept(.resize) { item.prepared = original.prepared }
        if kept(.authenticate) { item.account = original.account }
        if kept(.upload) { item.upload = original.upload }
        return item
    }

    /// Sends an item back to the resize stage when a later stage needs a prepared work
    /// file that is gone, as it is once a run finished.
    private static func startIndex(for item: Item, entryIndex: Int, stageTypes: [StageType]) -> Int {
        guard entryIndex < stageTypes.count, item.upload == nil, let prepared = item.prepared, prepared.rewritten,
              !FileManager.default.fileExists(atPath: prepared.path), let resize = stageTypes.firstIndex(of: .resize) else {
            return min(entryIndex, stageTypes.count - 1)
        }
        return min(entryIndex, resize)
    }

    private static func needsSource(_ stage: StageType) -> Bool {
        stage == .metadata || stage == .resize
    }
}
