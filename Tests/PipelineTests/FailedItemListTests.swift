import Foundation
import Testing

@testable import Pipeline

/// Which dead letters `imgpipe failed` lists once an item was replayed, from a real event log.
@Suite struct FailedItemListTests {
    let directory: EventLogTestDirectory
    let original = RunID(rawValue: "20261205T010000000Z-000001")
    let firstReplay = RunID(rawValue: "20261205T010000000Z-000002")
    let secondReplay = RunID(rawValue: "20261205T010000000Z-000003")

    init() throws {
        directory = try EventLogTestDirectory()
    }

    @Test func latestFailedReplayListed() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await fail(original, in: log)
        try await replay(original, as: firstReplay, failing: true, status: RunRecord.finished, in: log)
        try await replay(original, as: secondReplay, failing: true, status: RunRecord.finished, in: log)

        let listed = try await ReplayHistory.latestFailures(log.deadLetters(), eventLog: log)
        #expect(listed.map(\.runID) == [secondReplay])
    }

    @Test func succeededReplayLeavesNothing() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await fail(original, in: log)
        try await replay(original, as: firstReplay, failing: true, status: RunRecord.finished, in: log)
        try await replay(original, as: secondReplay, failing: false, status: RunRecord.finished, in: log)

        #expect(try await ReplayHistory.latestFailures(log.deadLetters(), eventLog: log).isEmpty)
    }

    @Test func interruptedReplayKeepsNewestFailure() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await fail(original, in: log)
        try await replay(original, as: firstReplay, failing: true, status: RunRecord.finished, in: log)
        try await replay(original, as: secondReplay, failing: false, status: RunRecord.interrupted, in: log)

        let listed = try await ReplayHistory.latestFailures(log.deadLetters(), eventLog: log)
        #expect(listed.map(\.runID) == [firstReplay], "the item is still to be replayed")
    }

    @Test func dismissedLatestFailureLeavesNothing() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await fail(original, in: log)
        try await replay(original, as: firstReplay, failing: true, status: RunRecord.finished, in: log)
        try await replay(original, as: secondReplay, failing: true, status: RunRecord.finished, in: log)
        let latest = try await log.deadLetters(run: secondReplay)
        #expect(try await log.dismiss(latest, reason: "not a photo") == 1)

        #expect(try await ReplayHistory.latestFailures(log.deadLetters(), eventLog: log).isEmpty)
    }

    @Test func replayOfReplayFollowed() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await fail(original, in: log)
        try await replay(original, as: firstReplay, failing: true, status: RunRecord.finished, in: log)
        try await replay(firstReplay, as: secondReplay, failing: true, status: RunRecord.finished, in: log)

        let listed = try await ReplayHistory.latestFailures(log.deadLetters(), eventLog: log)
        #expect(listed.map(\.runID) == [secondReplay])
    }

    @Test func unreplayedItemsAllListed() async throws {
        let log = try EventLog.open(path: directory.logPath)
        defer { log.close() }
        try await fail(original, in: log)
        try await log.append([failure(of: "000002", in: original)])

        let listed = try await ReplayHistory.latestFailures(log.deadLetters(), eventLog: log)
        #expect(listed.map(\.itemID) == ["000001", "000002"])
    }

    /// Starts `run` and fails its item 000001 at the upload stage.
    private func fail(_ run: RunID, in log: EventLog) async throws {
        try await log.startRun(run, pipeline: "photos", definitionText: "name: photos\n", definitionSHA256: "a")
        try await log.append([failure(of: "000001", in: run)])
        try await log.finishRun(run, status: RunRecord.finished, summary: [:])
    }

    /// Replays item 000001 of `replayed` in run `replay`, where it fails or is uploaded, and
    /// ends the replay run with `status`.
    private func replay(_ replayed: RunID, as replay: RunID, failing: Bool, status: String, in log: EventLog) async throws {
        try await log.startRun(replay, pipeline: "photos", definitionText: "name: photos\n", definitionSHA256: "a")
        let outcome = failing
            ? failure(of: "000001", in: replay)
            : NewEvent(runID: replay, itemID: "000001", stage: "upload", type: "stage.finished", payload: [:])
        try await log.append([outcome])
        try await log.finishRun(replay, status: status, summary: [:])
        try await log.linkReplay(replay, to: replayed, items: ["000001"])
    }

    private func failure(of item: String, in run: RunID) -> NewEvent {
        NewEvent(runID: run, itemID: item, stage: "upload", type: "item.failed",
                 payload: ["path": .string("/in/\(item).png"), "error": .string("HTTP 500"), "attempts": .integer(1)])
    }
}
