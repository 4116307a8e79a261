import Foundation
import Testing

@testable import Pipeline

/// `EventLog.unrecordedUpload`: which upload claims without a result count, in the current run
/// and in earlier runs of the same pipeline.
@Suite struct UnrecordedUploadTests {
    let directory: EventLogTestDirectory
    let content = "c0ffee"

    init() throws {
        directory = try EventLogTestDirectory()
    }

    /// Records `item` of `run` as discovered with `content`, then claims its upload `claims`
    /// times and records `outcome` (an event type of the upload stage) when given.
    private func record(
        _ log: EventLog, run: RunID, item: String, content: String, claims: Int = 1, outcome: String? = nil
    ) async throws {
        var events = [NewEvent(runID: run, itemID: item, stage: "ingest", type: "item.discovered", payload: ["sha256": .string(content)])]
        events += Array(repeating: NewEvent(runID: run, itemID: item, stage: "upload", type: "stage.started"), count: claims)
        if let outcome {
            events.append(NewEvent(runID: run, itemID: item, stage: "upload", type: outcome, payload: ["sha256": .string(content)]))
        }
        try await log.append(events)
    }

    private func start(_ log: EventLog, pipeline: String = "photos") async throws -> RunID {
        let run = RunID.generate()
        try await log.startRun(run, pipeline: pipeline, definitionText: "name: \(pipeline)\n", definitionSHA256: "abc")
        return run
    }

    @Test func abandonedClaimFound() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let abandoned = try await start(log)
        try await record(log, run: abandoned, item: "000007", content: content)
        let current = try await start(log)
        try await record(log, run: current, item: "000001", content: content)

        let found = try await log.uploadHistory(of: content, pipeline: "photos", claimedNowBy: "000001", in: current).unrecorded
        #expect(found?.runID == abandoned)
        #expect(found?.itemID == "000007")
    }

    @Test func claimWithResultIgnored() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let earlier = try await start(log)
        for (index, outcome) in ["stage.finished", "item.failed", "item.skipped", "upload.outcome_unknown"].enumerated() {
            try await record(log, run: earlier, item: "00000\(index)", content: content, outcome: outcome)
        }
        let current = try await start(log)
        try await record(log, run: current, item: "000001", content: content)

        #expect(try await log.uploadHistory(of: content, pipeline: "photos", claimedNowBy: "000001", in: current).unrecorded == nil)
    }

    @Test func otherPipelineOrContentIgnored() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let otherPipeline = try await start(log, pipeline: "videos")
        try await record(log, run: otherPipeline, item: "000001", content: content)
        let otherContent = try await start(log)
        try await record(log, run: otherContent, item: "000001", content: "beef")
        let current = try await start(log)
        try await record(log, run: current, item: "000001", content: content)

        #expect(try await log.uploadHistory(of: content, pipeline: "photos", claimedNowBy: "000001", in: current).unrecorded == nil)
    }

    @Test func currentItemNeedsEarlierClaim() async throws {
        let log = try EventLog.open(path: directory.logPath)
        let run = try await start(log)
        try await record(log, run: run, item: "000001", content: content)
        #expect(try await log.uploadHistory(of: content, pipeline: "photos", claimedNowBy: "000001", in: run).unrecorded == nil)

        try await log.append([NewEvent(runID: run, itemID: "000001", stage: "upload", type: "stage.started")])
        let found = try await log.uploadHistory(of: content, pipeline: "photos", claimedNowBy: "000001", in: run).unrecorded
        #expect(found?.runID == run)
        #expect(found?.itemID == "000001")
    }
}
