import Foundation
import Synchronization
@testable import Pipeline

/// A runner over synthetic stages with a real event log in a temporary folder.
struct RunnerFixture {
    let folder: URL
    let eventLog: EventLog
    let definition: PipelineDefinition
    let drainTimeout: Duration

    init(stages: [StageType], concurrency: Int = 4, capacity: Int = 2, retry: RetryPolicy = .default, drainTimeout: Duration = .seconds(5)) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-runner-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        eventLog = try EventLog.open(path: folder.appendingPathComponent("events.sqlite").path)
        let position = SourcePosition(file: "test.yaml", line: 1, column: 1)
        let definitions = ([.ingest] + stages).map { type in
            StageDefinition(type: type, position: position, concurrency: concurrency, capacity: capacity, retry: retry, options: StageOptions(values: [:]))
        }
        definition = PipelineDefinition(name: "runner-test", description: nil, stages: definitions, recordedText: "name: runner-test", sourcePath: "test.yaml")
        self.drainTimeout = drainTimeout
    }

    func makeRunner(source: SourceStage, stages: [PipelineStage]) throws -> PipelineRunner {
        let context = RunContext(
            runID: RunID.generate(),
            definition: definition,
            eventLog: eventLog,
            workDirectory: folder.appendingPathComponent("work").path,
            environment: [:],
            logger: .silent,
            options: RunOptions(drainTimeout: drainTimeout)
        )
        return PipelineRunner(context: context, source: source, stages: stages)
    }

    func run(source: SourceStage, stages: [PipelineStage]) async throws -> RunSummary {
        try await makeRunner(source: source, stages: stages).run()
    }
}

/// Emits `count` synthetic files, each with its own content hash unless `sameContent`.
struct CountingSource: SourceStage {
    let type = StageType.ingest
    let count: Int
    var sameContent = false

    func discover(in run: RunContext, emit: @Sendable (Discovery) async throws -> Void) async throws {
        for index in 1...count {
            let hash = sameContent ? "same" : String(index)
            try await emit(.file(path: "/virtual/\(index).jpg", sha256: hash, byteSize: 1))
        }
    }
}

struct PassStage: PipelineStage {
    let type: StageType

    func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        .next(item, output: [:])
    }
}

/// A slow stage that yields instead of sleeping and records how many items it held at once.
final class SlowStage: PipelineStage {
    let type: StageType
    let yields: Int
    private let state = Mutex((inFlight: 0, maxInFlight: 0, processed: 0))

    init(type: StageType, yields: Int) {
        self.type = type
        self.yields = yields
    }

    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    var processed: Int { state.withLock { $0.processed } }

    func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        state.withLock { state in
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
        }
        for _ in 0..<yields {
            await Task.yield()
        }
        state.withLock { state in
            state.inFlight -= 1
            state.processed += 1
        }
        return .next(item, output: [:])
    }
}

/// Fails the named items, optionally until a given attempt.
final class FailingStage: PipelineStage {
    let type: StageType
    let failing: Set<String>
    let retryable: Bool
    let succeedOnAttempt: [String: Int]
    private let attemptCounts = Mutex<[String: Int]>([:])

    init(type: StageType, failing: Set<String>, retryable: Bool, succeedOnAttempt: [String: Int] = [:]) {
        self.type = type
        self.failing = failing
        self.retryable = retryable
        self.succeedOnAttempt = succeedOnAttempt
    }

    func attempts(for item: String) -> Int {
        attemptCounts.withLock { $0[item] ?? 0 }
    }

    func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let attempt = attemptCounts.withLock { counts in
            counts[item.id, default: 0] += 1
            return counts[item.id]!
        }
        if failing.contains(item.id), attempt < succeedOnAttempt[item.id, default: Int.max] {
            throw StageError("synthetic failure of \(item.id)", retryable: retryable)
        }
        return .next(item, output: [:])
    }
}

/// Blocks every item until cancelled, to test draining.
final class BlockingStage: PipelineStage {
    let type: StageType
    private let entered = Link<Void>(capacity: 1)
    private let cancellations = Atomic<Int>(0)

    init(type: StageType) {
        self.type = type
    }

    var cancelledCount: Int { cancellations.load(ordering: .relaxed) }

    func waitUntilEntered() async {
        _ = await entered.receive()
    }

    func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        if entered.count == 0 {
            try? await entered.send(())
        }
        do {
            try await Task.sleep(for: .seconds(3600))
        } catch {
            cancellations.add(1, ordering: .relaxed)
            throw error
        }
        return .next(item, output: [:])
    }
}
