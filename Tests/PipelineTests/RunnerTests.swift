import Foundation
import Synchronization
import Testing
@testable import Pipeline

@Suite("Pipeline runner")
struct RunnerTests {
    @Test("many items through a slow stage stay within capacity")
    func boundedThroughSlowStage() async throws {
        let fixture = try RunnerFixture(stages: [.metadata, .resize], concurrency: 4, capacity: 4)
        let slow = SlowStage(type: .metadata, yields: 3)
        let count = 100_000

        let summary = try await fixture.run(source: CountingSource(count: count), stages: [slow, PassStage(type: .resize)])

        #expect(summary.done == count)
        #expect(summary.failed == 0)
        #expect(slow.processed == count)
        #expect(slow.maxInFlight <= 4, "concurrency is 4, so no more than 4 items were in the stage at once")
        let events = try await fixture.eventLog.events(run: RunID(rawValue: summary.runID))
        #expect(events.filter { $0.type == "stage.finished" }.count == count * 2)
    }

    @Test("one failing item does not stop the others")
    func failingItemIsolated() async throws {
        let fixture = try RunnerFixture(stages: [.metadata])
        let summary = try await fixture.run(
            source: CountingSource(count: 50),
            stages: [FailingStage(type: .metadata, failing: ["000007"], retryable: false)]
        )

        #expect(summary.done == 49)
        #expect(summary.failed == 1)
        #expect(summary.failures.first?.item == "000007")
        #expect(summary.failures.first?.stage == "metadata")
        let events = try await fixture.eventLog.events(run: RunID(rawValue: summary.runID), item: "000007")
        #expect(events.map(\.type) == ["item.discovered", "stage.started", "item.failed"])
    }

    @Test("retryable errors are retried up to max_attempts")
    func retriesFollowPolicy() async throws {
        let retry = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(1), maxDelay: .milliseconds(4))
        let fixture = try RunnerFixture(stages: [.metadata], retry: retry)
        let flaky = FailingStage(type: .metadata, failing: ["000001", "000002"], retryable: true, succeedOnAttempt: ["000002": 2])

        let summary = try await fixture.run(source: CountingSource(count: 3), stages: [flaky])

        #expect(summary.done == 2)
        #expect(summary.failed == 1)
        #expect(flaky.attempts(for: "000001") == 3, "three attempts, then given up")
        #expect(flaky.attempts(for: "000002") == 2, "succeeded on the second attempt")
        let events = try await fixture.eventLog.events(run: RunID(rawValue: summary.runID), item: "000001")
        #expect(events.filter { $0.type == "stage.retrying" }.count == 2)
    }

    @Test("duplicate content in one run is skipped naming the first")
    func duplicateContentSkipped() async throws {
        let fixture = try RunnerFixture(stages: [.metadata])
        let summary = try await fixture.run(source: CountingSource(count: 4, sameContent: true), stages: [PassStage(type: .metadata)])

        #expect(summary.done == 1)
        #expect(summary.skipped == 3)
        let events = try await fixture.eventLog.events(run: RunID(rawValue: summary.runID), item: "000002")
        let skipped = try #require(events.first { $0.type == "item.skipped" })
        #expect(skipped.payload["duplicate_of"] == .string("000001"))
    }

    @Test("stop request drains and leaves no task running")
    func stopDrains() async throws {
        let fixture = try RunnerFixture(stages: [.metadata], drainTimeout: .milliseconds(200))
        let blocking = BlockingStage(type: .metadata)
        let runner = try fixture.makeRunner(source: CountingSource(count: 1_000), stages: [blocking])

        let run = Task { try await runner.run() }
        await blocking.waitUntilEntered()
        runner.requestStop(.terminate)
        let summary = try await run.value

        #expect(summary.status == "interrupted")
        #expect(summary.unfinished > 0)
        #expect(summary.done + summary.unfinished + summary.failed + summary.skipped == runner.progress.discovered)
        #expect(runner.progress.discovered < 1_000, "intake stopped early")
        #expect(blocking.cancelledCount >= 1, "the blocked item was cancelled at the drain deadline")
        let record = try await fixture.eventLog.run(RunID(rawValue: summary.runID))
        #expect(record?.status == "interrupted")
    }
}
