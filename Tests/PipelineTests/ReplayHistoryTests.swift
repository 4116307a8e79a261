import Foundation
@testable import Pipeline
import Testing

/// Which failed items an earlier replay set right, from logged events.
@Suite("Replay history")
struct ReplayHistoryTests {
    static let stages: [StageType] = [.metadata, .resize, .authenticate, .upload, .notify]
    var sequence: Int64 = 0

    mutating func event(_ run: String, _ type: String, _ item: String, _ stage: StageType?, _ payload: [String: JSONValue] = [:]) -> LoggedEvent {
        sequence += 1
        return LoggedEvent(sequence: sequence, runID: RunID(rawValue: run), itemID: item, stage: stage?.rawValue, type: type,
                           payload: payload, time: Date())
    }

    @Test mutating func succeededItemsOfReplayRun() {
        let events = [
            event("replay", "stage.finished", "000001", .upload),
            event("replay", "stage.finished", "000001", .notify),
            event("replay", "item.failed", "000002", .upload, ["error": .string("HTTP 500")]),
            event("replay", "stage.finished", "000002", .notify),
            event("replay", "item.skipped", "000003", .upload, ["reason": .string("already uploaded")]),
            event("replay", "stage.finished", "000004", .notify),
            event("replay", "webhook.dead", "000004", .notify),
            event("replay", "stage.finished", "000005", .metadata),
        ]

        #expect(ReplayHistory.succeededItems(in: events, stageTypes: Self.stages) == ["000001", "000003"])
    }

    @Test mutating func latestReplayWins() {
        let events = [
            event("original", "item.failed", "000001", .upload),
            event("original", "item.replayed", "000001", nil, ["replay_run": .string("first")]),
            event("original", "item.replayed", "000001", nil, ["replay_run": .string("second")]),
            event("original", "item.replayed", "000002", nil, ["replay_run": .string("first")]),
        ]

        let latest = ReplayHistory.latestReplays(in: events)
        #expect(latest["000001"] == RunID(rawValue: "second"))
        #expect(latest["000002"] == RunID(rawValue: "first"))
    }

    @Test mutating func failedOnlyLeavesOutSucceeded() {
        let events = [
            event("original", "item.discovered", "000001", .ingest, ["path": .string("/in/a.png"), "sha256": .string("a"), "size": .integer(1)]),
            event("original", "item.failed", "000001", .metadata, ["error": .string("bad header")]),
            event("original", "item.discovered", "000002", .ingest, ["path": .string("/in/b.png"), "sha256": .string("b"), "size": .integer(1)]),
            event("original", "item.failed", "000002", .upload, ["error": .string("HTTP 500")]),
        ]
        let original = RunID(rawValue: "original")

        let failed = ReplayRequest(original: original, stage: .upload, itemID: nil, failedOnly: true)
        let (plan, _) = ResumePlan.replay(failed, events: events, stageTypes: Self.stages, succeededInReplay: ["000001"])
        #expect(plan.entries.map(\.item.id) == ["000002"])

        let named = ReplayRequest(original: original, stage: .upload, itemID: "000001", failedOnly: false)
        let (namedPlan, _) = ResumePlan.replay(named, events: events, stageTypes: Self.stages, succeededInReplay: ["000001"])
        #expect(namedPlan.entries.map(\.item.id) == ["000001"], "--item replays an item whatever its replays did")
    }
}
