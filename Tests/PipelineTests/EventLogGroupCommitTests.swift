import Foundation
import Testing

@testable import Pipeline

@Suite struct EventLogGroupCommitTests {
    @Test func concurrentAppendsShareTransactions() async throws {
        let directory = try EventLogTestDirectory()
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await log.startRun(runID, pipeline: "photos", definitionText: "", definitionSHA256: "")
        let commitsBefore = log.commitCount
        let appendCount = 1000

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<appendCount {
                group.addTask {
                    try await log.append([NewEvent(runID: runID, itemID: "item-\(index)", type: "item.discovered",
                                                   payload: ["index": .integer(Int64(index))])])
                }
            }
            try await group.waitForAll()
        }
        let commits = log.commitCount - commitsBefore

        let events = try await log.events(run: runID)
        #expect(events.count == appendCount)
        #expect(Set(events.map(\.itemID)).count == appendCount)
        #expect(Set(events.map(\.sequence)).count == appendCount)
        #expect(commits >= 1)
        #expect(commits < appendCount)
    }

    @Test func appendReturnsAfterCommit() async throws {
        let directory = try EventLogTestDirectory()
        let log = try EventLog.open(path: directory.logPath)
        let runID = RunID.generate()
        try await log.startRun(runID, pipeline: "photos", definitionText: "", definitionSHA256: "")

        for index in 0..<20 {
            try await log.append([NewEvent(runID: runID, type: "step", payload: ["index": .integer(Int64(index))])])
            // The read connection returns each event as soon as append returns.
            #expect(try await log.events(run: runID).count == index + 1)
        }
    }
}
