import Foundation
@testable import Pipeline
import Testing

/// Rebuilding unfinished items from logged events.
@Suite("Resume plan")
struct ResumePlanTests {
    static let stages: [StageType] = [.metadata, .resize, .authenticate, .upload, .notify]
    let run = RunID(rawValue: "01TESTRUN")
    var sequence: Int64 = 0

    mutating func event(_ type: String, _ item: String?, _ stage: StageType?, _ payload: [String: JSONValue] = [:]) -> LoggedEvent {
        sequence += 1
        return LoggedEvent(sequence: sequence, runID: run, itemID: item, stage: stage?.rawValue, type: type, payload: payload, time: Date())
    }

    mutating func discovered(_ item: String, path: String) -> LoggedEvent {
        event("item.discovered", item, .ingest, ["path": .string(path), "sha256": .string("hash-\(item)"), "size": .integer(10)])
    }

    @Test mutating func itemsContinueAfterLastCommittedStage() {
        let events = [
            discovered("000001", path: "/in/a.png"),
            event("stage.finished", "000001", .metadata, ["format": .string("png"), "width": .integer(4), "height": .integer(3)]),
            event("stage.finished", "000001", .resize, [
                "prepared_path": .string("/in/a.png"), "prepared_sha256": .string("hash-000001"), "rewritten": .bool(false),
            ]),
            event("stage.finished", "000001", .authenticate, ["account": .string("default")]),
            event("stage.started", "000001", .upload),
            discovered("000002", path: "/in/b.png"),
            discovered("000003", path: "/in/c.png"),
            event("item.failed", "000003", .metadata, ["error": .string("bad header"), "attempts": .integer(1)]),
            event("stage.finished", "000003", .notify),
        ]

        let plan = ResumePlan.build(from: events, stageTypes: Self.stages)

        #expect(plan.entries.map(\.item.id) == ["000001", "000002"])
        #expect(plan.entries.map(\.stageIndex) == [3, 0])
        #expect(plan.entries.first?.item.account == .named("default"))
        #expect(plan.entries.first?.item.metadata?.width == 4)
        #expect(plan.knownPaths == ["/in/a.png", "/in/b.png", "/in/c.png"])
        #expect(plan.lastIndex == 3)
        #expect(plan.ended.failed == 1)
        #expect(plan.firstItemByContent["hash-000001"] == "000001")
    }

    @Test mutating func failedItemStillReportedToNotify() {
        let events = [
            discovered("000001", path: "/in/a.png"),
            event("item.failed", "000001", .upload, ["error": .string("HTTP 400"), "attempts": .integer(1)]),
        ]

        let plan = ResumePlan.build(from: events, stageTypes: Self.stages)

        #expect(plan.entries.map(\.stageIndex) == [4])
        #expect(plan.entries.first?.item.failure?.stage == "upload")
    }

    @Test mutating func missingWorkFileGoesBackToResize() {
        let events = [
            discovered("000001", path: "/in/a.png"),
            event("stage.finished", "000001", .metadata, ["format": .string("png"), "width": .integer(4), "height": .integer(3)]),
            event("stage.finished", "000001", .resize, [
                "prepared_path": .string("/nonexistent/work/000001"), "prepared_sha256": .string("x"), "rewritten": .bool(true),
            ]),
            event("stage.finished", "000001", .authenticate, ["account": .string("anonymous")]),
        ]

        let plan = ResumePlan.build(from: events, stageTypes: Self.stages)

        #expect(plan.entries.map(\.stageIndex) == [1])
    }

    @Test mutating func finishedAndSkippedItemsCounted() {
        var events = [discovered("000001", path: "/in/a.png")]
        for stage in Self.stages {
            events.append(event("stage.finished", "000001", stage))
        }
        events.append(discovered("000002", path: "/in/b.png"))
        events.append(event("item.skipped", "000002", .upload, ["reason": .string("uploaded before")]))

        let plan = ResumePlan.build(from: events, stageTypes: Self.stages)

        #expect(plan.entries.isEmpty)
        #expect(plan.ended.done == 1)
        #expect(plan.ended.skipped == 1)
        #expect(plan.succeeded.map(\.id) == ["000001"])
    }
}
