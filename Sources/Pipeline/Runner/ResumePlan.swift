import Foundation

/// What a resumed run picks up: each unfinished item rebuilt from its logged events with the
/// stage it continues at, and the counts of the items that already ended.
public struct ResumePlan: Sendable {
    /// An unfinished item and the index, among the stages after the source, of the stage it
    /// goes to next.
    public struct Entry: Sendable {
        public let item: Item
        public let stageIndex: Int
    }

    public internal(set) var entries: [Entry] = []
    /// Paths the source already reported in this run; discovery leaves them out.
    public internal(set) var knownPaths: Set<String> = []
    /// The first item of each content hash in this run, for the same-content check.
    public internal(set) var firstItemByContent: [String: String] = [:]
    /// The highest item index so far; new discoveries continue after it.
    public internal(set) var lastIndex = 0
    /// Items that succeeded before the resume, whose source files may still wait for
    /// ingest's `after` step if the process died right after their last event.
    public internal(set) var succeeded: [Item] = []
    /// Items that ended before the resume, counted into the run's summary.
    public internal(set) var ended = RunProgress()

    /// Rebuilds the plan from the events of one run. `stageTypes` are the stages after the
    /// source, in order.
    public static func build(from events: [LoggedEvent], stageTypes: [StageType]) -> ResumePlan {
        var histories: [String: ItemHistory] = [:]
        var order: [String] = []
        for event in events {
            guard let itemID = event.itemID else { continue }
            if histories[itemID] == nil {
                order.append(itemID)
            }
            histories[itemID, default: ItemHistory(id: itemID)].apply(event)
        }

        var plan = ResumePlan()
        for itemID in order {
            guard let history = histories[itemID] else { continue }
            plan.add(history, stageTypes: stageTypes)
        }
        return plan
    }

    private mutating func add(_ history: ItemHistory, stageTypes: [StageType]) {
        if let path = history.path {
            knownPaths.insert(path)
        }
        lastIndex = max(lastIndex, Int(history.id) ?? 0)
        guard var item = history.item else {
            if history.failure != nil { ended.failed += 1 }
            return
        }
        if history.failure == nil, !history.skipped, firstItemByContent[item.sha256] == nil {
            firstItemByContent[item.sha256] = item.id
        }
        if history.skipped {
            ended.skipped += 1
            return
        }
        if let failure = history.failure {
            item.failure = failure
            guard let notify = stageTypes.firstIndex(where: { $0 == .notify }), !history.finishedStages.contains(.notify) else {
                recordFailure(failure, of: item)
                return
            }
            entries.append(Entry(item: item, stageIndex: notify))
            return
        }

        let next = nextStageIndex(history, item: item, stageTypes: stageTypes)
        if next >= stageTypes.count {
            ended.done += 1
            succeeded.append(item)
        } else {
            entries.append(Entry(item: item, stageIndex: next))
        }
    }

    /// The first stage not finished yet; a prepared work file that is gone sends the item
    /// back to the stage that wrote it.
    private func nextStageIndex(_ history: ItemHistory, item: Item, stageTypes: [StageType]) -> Int {
        var next = 0
        while next < stageTypes.count, history.finishedStages.contains(stageTypes[next]) {
            next += 1
        }
        if next < stageTypes.count, let prepared = item.prepared, prepared.rewritten,
           !FileManager.default.fileExists(atPath: prepared.path),
           let resize = stageTypes.firstIndex(of: .resize) {
            return min(next, resize)
        }
        return next
    }

    private mutating func recordFailure(_ failure: ItemFailure, of item: Item) {
        ended.failed += 1
        ended.failures.append(.init(item: item.id, path: item.sourcePath, stage: failure.stage, error: failure.message))
    }
}

/// The events of one item folded into what they say about it.
struct ItemHistory {
    let id: String
    var path: String?
    var item: Item?
    var finishedStages: Set<StageType> = []
    var failure: ItemFailure?
    var skipped = false

    init(id: String) {
        self.id = id
    }

    mutating func apply(_ event: LoggedEvent) {
        let payload = event.payload
        let stage = event.stage.flatMap(StageType.init(rawValue:))
        switch event.type {
        case "item.discovered":
            path = payload["path"]?.stringValue
            if let path, let sha256 = payload["sha256"]?.stringValue {
                item = Item(id: id, index: Int(id) ?? 0, sourcePath: path, sha256: sha256, byteSize: payload["size"]?.integerValue ?? 0)
            }
        case "stage.finished":
            guard let stage else { return }
            finishedStages.insert(stage)
            apply(output: payload, of: stage)
        case "item.failed":
            failure = ItemFailure(
                stage: event.stage ?? "", message: payload["error"]?.stringValue ?? "",
                attempts: Int(payload["attempts"]?.integerValue ?? 1)
            )
        case "item.skipped":
            skipped = true
        default:
            break
        }
    }

    private mutating func apply(output payload: [String: JSONValue], of stage: StageType) {
        switch stage {
        case .metadata: item?.metadata = ItemMetadata(payload: payload)
        case .resize: item?.prepared = PreparedFile(payload: payload)
        case .authenticate: item?.account = payload["account"]?.stringValue.map(AccountReference.init(recorded:))
        case .upload: item?.upload = UploadRecord(payload: payload)
        case .ingest, .notify: break
        }
    }
}
