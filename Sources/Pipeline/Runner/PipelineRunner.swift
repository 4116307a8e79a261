import Foundation
import Synchronization

/// Carries the items of one run through its stages.
///
/// The source stage and every other stage run as tasks of one task group, joined by bounded
/// `Link`s: a stage that is behind makes the one before it wait, so memory stays bounded
/// whatever the number of files. Each item's every step is committed to the event log before the
/// item is handed to the next stage.
public final class PipelineRunner: Sendable {
    public let context: RunContext
    private let source: SourceStage
    private let stages: [ConfiguredStage]
    /// The unfinished items of an earlier process of this run, or nil for a new run.
    private let resume: ResumePlan?
    /// The run whose items this run replays, or nil when it is no replay.
    private let replayOf: RunID?
    private let progressState = Mutex(RunProgress())
    /// Latency and results of each stage's attempts.
    public let stageMetrics = StageMetrics()
    private let stopState = Mutex<StopState>(StopState())
    /// Receives one element when a stop is requested, which starts the drain deadline.
    private let stopRequests = Link<StopRequest>(capacity: 1)
    /// The links into each stage while items flow, for queue-depth metrics.
    private let activeLinks = Mutex<[Link<Item>]>([])

    /// Makes a runner; with `resume`, the run continues where an earlier process of the same
    /// run stopped, each unfinished item at the stage after its last committed one. With
    /// `replayOf`, `resume` contains the items of that earlier run that this new run replays.
    public init(context: RunContext, source: SourceStage, stages: [PipelineStage], resume: ResumePlan? = nil, replayOf: RunID? = nil) {
        self.context = context
        self.source = source
        let definitions = context.definition.stages.filter { $0.type != source.type }
        self.stages = zip(definitions, stages).map { ConfiguredStage(definition: $0, stage: $1) }
        self.resume = resume
        self.replayOf = replayOf
        if let resume {
            progressState.withLock { progress in
                progress = resume.ended
                progress.discovered = resume.lastIndex
            }
        }
    }

    /// The counts so far, safe to call from any thread while the run goes on.
    public var progress: RunProgress {
        progressState.withLock { $0 }
    }

    /// Items waiting in the link into each stage now, with the link's capacity, by stage type
    /// name; empty before items flow and after they stopped.
    public var queueDepths: [(stage: String, depth: Int, capacity: Int)] {
        let links = activeLinks.withLock { $0 }
        return zip(stages, links).map { ($0.stage.type.rawValue, $1.count, $1.capacity) }
    }

    /// Stops taking new files and lets items in flight finish within the drain timeout.
    public func requestStop(_ request: StopRequest) {
        let first = stopState.withLock { state in
            defer {
                state.request = state.request ?? request
                state.intakeStopped = true
            }
            return state.request == nil
        }
        guard first else { return }
        source.stopIntake()
        context.logger.warning("stop requested, draining", ["run": context.runID.rawValue, "signal": "\(request)"])
        Task { try? await stopRequests.send(request) }
    }

    /// Runs the pipeline to its end and returns the summary.
    ///
    /// Throws `RunStopped` when a stage stopped the whole run, for example because sign-in is
    /// required. Items that failed on their own are counted in the summary instead.
    public func run() async throws -> RunSummary {
        let clock = ContinuousClock()
        let start = clock.now
        try await recordStart()

        do {
            try await prepareStages()
        } catch {
            // A run that could not reach Imgur stays resumable, so it continues once Imgur is back.
            let unreachable: Bool
            if case .imgurUnavailable? = (error as? ClassifiedError)?.stopsRun { unreachable = true } else { unreachable = false }
            let status = unreachable ? "interrupted" : "failed"
            let summary = makeSummary(duration: clock.now - start, status: status)
            try await context.eventLog.finishRun(context.runID, status: status, summary: summary.payload)
            throw runStop(for: error, summary: summary) ?? error
        }

        let interrupted = await flowItems()
        let summary = await finish(duration: clock.now - start, interrupted: interrupted)
        if let reason = stopState.withLock({ $0.reason }) {
            throw RunStopped(reason: reason, summary: summary)
        }
        return summary
    }

    /// The stop that was requested, if any, for the exit code.
    public var stopRequest: StopRequest? {
        stopState.withLock { $0.request }
    }

    private func recordStart() async throws {
        let definition = context.definition
        try await context.eventLog.startRun(
            context.runID,
            pipeline: definition.name,
            definitionText: definition.recordedText,
            definitionSHA256: DefinitionDigest.sha256(of: definition.recordedText)
        )
        var payload: [String: JSONValue] = [
            "pipeline": .string(definition.name),
            "definition_path": .string(definition.sourcePath),
        ]
        let type: String
        let message: String
        if let replayOf {
            (type, message) = ("run.replay_started", "replay started")
            payload["original"] = .string(replayOf.rawValue)
        } else if resume != nil {
            (type, message) = ("run.resumed", "run resumed")
        } else {
            (type, message) = ("run.started", "run started")
        }
        try await context.record(type, payload)
        context.logger.info(message, ["run": context.runID.rawValue, "pipeline": definition.name])
    }

    private func prepareStages() async throws {
        for configured in stages {
            try await configured.stage.prepare(context)
        }
    }

    /// Runs discovery and every stage until all items are through; returns whether the drain
    /// deadline cut the run short.
    private func flowItems() async -> Bool {
        let links = stages.map { Link<Item>(capacity: $0.definition.capacity) }
        activeLinks.withLock { $0 = links }
        defer { activeLinks.withLock { $0 = [] } }

        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await self.discover(into: links) }
                for index in stages.indices {
                    group.addTask { await self.runStage(at: index, links: links) }
                }
                group.addTask { try await self.drainWatchdog() }

                // Every task but the watchdog ends by itself; the watchdog only ends by throwing.
                for _ in 0..<(stages.count + 1) {
                    try await group.next()
                }
                group.cancelAll()
            }
            return false
        } catch {
            return true
        }
    }

    private func drainWatchdog() async throws {
        guard await stopRequests.receive() != nil else { return }
        try await Task.sleep(for: context.drainTimeout)
        context.logger.warning("drain timeout reached, leaving the rest unfinished", ["run": context.runID.rawValue])
        throw DrainTimedOut()
    }

    private func finish(duration: Duration, interrupted: Bool) async -> RunSummary {
        let status = stopState.withLock { state -> String in
            if state.reason != nil { return "failed" }
            return state.request == nil ? "finished" : "interrupted"
        }
        if interrupted || status == "interrupted" {
            progressState.withLock { progress in
                progress.unfinished = progress.discovered - progress.finished
            }
        }
        var pendingDeliveries = 0
        for configured in stages {
            let work = await awaitBackgroundWork(of: configured.stage, interrupted: interrupted || status == "interrupted")
            pendingDeliveries += work.pendingDeliveries
            countLateFailures(work.failedItems)
        }
        var summary = makeSummary(duration: duration, status: status)
        summary.webhooksPending = pendingDeliveries

        for configured in stages {
            await configured.stage.complete(context, summary: summary)
        }
        do {
            try await context.record("run.finished", summary.payload)
            try await context.eventLog.finishRun(context.runID, status: status, summary: summary.payload)
        } catch {
            context.logger.error("could not record the end of the run", ["run": context.runID.rawValue, "error": "\(error)"])
        }
        context.logger.info("run finished", [
            "run": context.runID.rawValue, "status": status,
            "done": "\(summary.done)", "failed": "\(summary.failed)", "skipped": "\(summary.skipped)",
        ])
        return summary
    }

    /// Lets a stage finish its background work, cutting the wait short when SIGINT or SIGTERM
    /// arrives after the items were done.
    private func awaitBackgroundWork(of stage: PipelineStage, interrupted: Bool) async -> BackgroundWork {
        await withTaskGroup(of: BackgroundWork?.self) { group in
            group.addTask { await stage.awaitBackgroundWork(self.context, interrupted: interrupted) }
            group.addTask {
                _ = await self.stopRequests.receive()
                return nil
            }

            var result = BackgroundWork()
            while let finished = await group.next() {
                group.cancelAll()
                if let finished {
                    result = finished
                }
            }
            return result
        }
    }

    /// Moves items whose notification was dead-lettered from done to failed.
    private func countLateFailures(_ failures: [RunSummary.FailedItem]) {
        progressState.withLock { progress in
            for failure in failures where !progress.failures.contains(where: { $0.item == failure.item }) {
                progress.done = max(0, progress.done - 1)
                progress.failed += 1
                progress.failures.append(failure)
            }
        }
    }

    private func makeSummary(duration: Duration, status: String) -> RunSummary {
        let progress = self.progress
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return RunSummary(
            runID: context.runID.rawValue,
            pipeline: context.definition.name,
            done: progress.done,
            failed: progress.failed,
            skipped: progress.skipped,
            unfinished: progress.unfinished,
            durationSeconds: seconds,
            status: status,
            failures: progress.failures
        )
    }

    private func runStop(for error: Error, summary: RunSummary) -> RunStopped? {
        guard let classified = error as? ClassifiedError, let reason = classified.stopsRun else { return nil }
        return RunStopped(reason: reason, summary: summary)
    }

    // MARK: - Discovery

    /// Runs the source stage. Each discovery's event is committed before its item is handed on,
    /// but the commits overlap with discovering the next files. A forwarding task awaits each
    /// commit in order and then sends the item, so ingest does not wait for one commit per file.
    private func discover(into links: [Link<Item>]) async {
        let link = links[0]
        // Enough to overlap a few commits with hashing, small enough that a stop request
        // leaves most undiscovered files untouched.
        let pending = Link<PendingDiscovery>(capacity: max(link.capacity, 4))
        async let forwarding: Void = forwardDiscoveries(from: pending, into: link)
        let seen = ContentIndex(resume?.firstItemByContent ?? [:])
        let knownPaths = resume?.knownPaths ?? []

        do {
            try await resumeItems(into: links)
            try await source.discover(in: context) { discovery in
                if self.stopState.withLock({ $0.intakeStopped }) {
                    throw IntakeStopped()
                }
                if case .file(let path, _, _) = discovery, knownPaths.contains(path) {
                    return
                }
                try await pending.send(self.admit(discovery, seen: seen))
            }
        } catch is IntakeStopped {
            context.logger.info("intake stopped", ["run": context.runID.rawValue])
        } catch is CancellationError {
            context.logger.debug("discovery cancelled", ["run": context.runID.rawValue])
        } catch {
            context.logger.error("discovery failed", ["run": context.runID.rawValue, "error": "\(error)"])
            try? await context.record("run.error", stage: source.type, ["error": .string("\(error)")])
        }
        pending.finish()
        await forwarding
        link.finish()
    }

    /// Hands each unfinished item of the earlier process to the stage it continues at.
    private func resumeItems(into links: [Link<Item>]) async throws {
        for item in resume?.succeeded ?? [] {
            await source.settle(item, in: context)
        }
        for entry in resume?.entries ?? [] {
            try await links[entry.stageIndex].send(entry.item)
        }
    }

    private func forwardDiscoveries(from pending: Link<PendingDiscovery>, into link: Link<Item>) async {
        for await discovery in pending {
            do {
                try await discovery.commit.value
                if let item = discovery.item {
                    try await link.send(item)
                }
            } catch {
                context.logger.warning("discovered item left unfinished", ["run": context.runID.rawValue, "error": "\(error)"])
            }
        }
    }

    /// Starts recording a discovery and returns the item to hand on once that is committed.
    /// A second file with the same bytes as an earlier one in this run is skipped, naming the first.
    private func admit(_ discovery: Discovery, seen: ContentIndex) -> PendingDiscovery {
        let index = progressState.withLock { progress in
            progress.discovered += 1
            return progress.discovered
        }
        let itemID = Item.identifier(forIndex: index)
        let stage = source.type
        let context = self.context

        switch discovery {
        case .problem(let path, let message):
            countFailure(ItemFailure(stage: stage.rawValue, message: message, attempts: 1), item: itemID, path: path)
            return PendingDiscovery(item: nil, commit: Task {
                try await context.eventLog.append([
                    context.event("item.discovered", item: itemID, stage: stage, ["path": .string(path)]),
                    context.event("item.failed", item: itemID, stage: stage, [
                        "path": .string(path), "error": .string(message), "attempts": .integer(1),
                    ]),
                ])
            })

        case .file(let path, let sha256, let byteSize):
            let item = Item(id: itemID, index: index, sourcePath: path, sha256: sha256, byteSize: byteSize)
            var events = [context.event("item.discovered", item: itemID, stage: stage, [
                "path": .string(path), "sha256": .string(sha256), "size": .integer(byteSize),
            ])]
            let firstID = seen.claim(sha256, for: itemID)
            if let firstID {
                progressState.withLock { $0.skipped += 1 }
                events.append(context.event("item.skipped", item: itemID, stage: stage, [
                    "reason": .string("same content as item \(firstID) of this run"),
                    "duplicate_of": .string(firstID),
                ]))
            }
            return PendingDiscovery(item: firstID == nil ? item : nil, commit: Task {
                try await context.eventLog.append(events)
            })
        }
    }

    // MARK: - Stages

    private func runStage(at index: Int, links: [Link<Item>]) async {
        let configured = stages[index]

        await withTaskGroup(of: Void.self) { workers in
            for _ in 0..<configured.definition.concurrency {
                workers.addTask {
                    for await item in links[index] {
                        await self.handle(item, at: index, links: links)
                    }
                }
            }
        }
        if index + 1 < links.count {
            links[index + 1].finish()
        }
    }

    private func handle(_ item: Item, at index: Int, links: [Link<Item>]) async {
        let stage = stages[index].stage.type
        adjustInStage(stage, by: 1)
        defer { adjustInStage(stage, by: -1) }

        do {
            if item.failure != nil {
                let reported = try await reportFailure(item, at: index)
                try await forward(reported, from: index, links: links)
                return
            }
            guard let next = try await attempt(item, at: index) else {
                await source.settle(item, in: context)
                return
            }
            try await forward(next, from: index, links: links)
        } catch {
            // Only cancellation and event-log failures reach here; the item stays unfinished.
            context.logger.warning("item left unfinished", [
                "run": context.runID.rawValue, "item": item.id, "stage": stage.rawValue, "error": "\(error)",
            ])
        }
    }

    /// Runs one stage on one item with its retry policy. Returns the item to hand on, marked
    /// failed when the stage gave up on it, or nil when the item was skipped.
    private func attempt(_ item: Item, at index: Int) async throws -> Item? {
        let configured = stages[index]
        let stage = configured.stage.type
        let started = Task { [context] in
            try await context.record("stage.started", item: item.id, stage: stage)
        }
        // A side effect may only start once its claim is durable. Other stages let the commit
        // overlap with their work and wait for it before recording the result.
        if configured.stage.hasSideEffects {
            try await started.value
        }

        var attempts = 0
        let clock = ContinuousClock()
        while true {
            attempts += 1
            let attemptStart = clock.now
            do {
                let outcome = try await configured.stage.process(item, in: context)
                try await started.value
                switch outcome {
                case .next(let next, let output):
                    stageMetrics.record(stage, seconds: Self.seconds(clock.now - attemptStart), result: "ok")
                    try await context.record("stage.finished", item: item.id, stage: stage, output)
                    return next
                case .skipped(let skipped, let reason, let details):
                    stageMetrics.record(stage, seconds: Self.seconds(clock.now - attemptStart), result: "skipped")
                    try await recordSkip(skipped, stage: stage, reason: reason, details: details)
                    return nil
                }
            } catch let error where !(error is CancellationError) {
                try await started.value
                let delay = retryDelay(for: error, attempts: attempts, policy: configured.definition.retry)
                stageMetrics.record(stage, seconds: Self.seconds(clock.now - attemptStart), result: delay == nil ? "failed" : "retry")
                if let delay {
                    try await recordRetry(item, stage: stage, attempts: attempts, delay: delay, error: error)
                    try await Task.sleep(for: delay)
                    continue
                }
                return try await recordFailure(item, stage: stage, attempts: attempts, error: error)
            }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func retryDelay(for error: Error, attempts: Int, policy: RetryPolicy) -> Duration? {
        guard let classified = error as? ClassifiedError,
              classified.isRetryable,
              classified.stopsRun == nil,
              attempts < policy.maxAttempts
        else { return nil }
        let backoff = policy.delay(afterAttempt: attempts)
        guard let requested = classified.retryAfter else { return backoff }
        return max(requested, backoff)
    }

    private func recordRetry(_ item: Item, stage: StageType, attempts: Int, delay: Duration, error: Error) async throws {
        let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        try await context.record("stage.retrying", item: item.id, stage: stage, [
            "attempt": .integer(Int64(attempts)),
            "delay_ms": .integer(milliseconds),
            "error": .string("\(error)"),
        ])
        context.logger.info("retrying item", [
            "run": context.runID.rawValue, "item": item.id, "stage": stage.rawValue,
            "attempt": "\(attempts)", "error": "\(error)",
        ])
    }

    private func recordFailure(_ item: Item, stage: StageType, attempts: Int, error: Error) async throws -> Item {
        let message = "\(error)"
        try await context.record("item.failed", item: item.id, stage: stage, [
            "path": .string(item.sourcePath), "error": .string(message), "attempts": .integer(Int64(attempts)),
        ])
        context.logger.warning("item failed", [
            "run": context.runID.rawValue, "item": item.id, "stage": stage.rawValue,
            "path": item.sourcePath, "error": message,
        ])
        if let reason = (error as? ClassifiedError)?.stopsRun {
            stopState.withLock { state in
                state.reason = state.reason ?? reason
                state.intakeStopped = true
            }
            source.stopIntake()
        }
        var failed = item
        failed.failure = ItemFailure(stage: stage.rawValue, message: message, attempts: attempts)
        return failed
    }

    private func recordSkip(_ item: Item, stage: StageType, reason: String, details: [String: JSONValue]) async throws {
        var payload = details
        payload["reason"] = .string(reason)
        try await context.record("item.skipped", item: item.id, stage: stage, payload)
        progressState.withLock { $0.skipped += 1 }
    }

    /// Lets a stage that reports failures (notify) see a failed item; its own errors are logged
    /// and recorded but do not change the item's failure.
    private func reportFailure(_ item: Item, at index: Int) async throws -> Item {
        let configured = stages[index]
        do {
            if case .next(_, let output) = try await configured.stage.process(item, in: context) {
                try await context.record("stage.finished", item: item.id, stage: configured.stage.type, output)
            }
        } catch let error where !(error is CancellationError) {
            try await context.record("stage.error", item: item.id, stage: configured.stage.type, ["error": .string("\(error)")])
        }
        return item
    }

    /// Hands an item to the next stage, or a failed item to the next stage that reports
    /// failures. An item that leaves the last stage is counted.
    private func forward(_ item: Item, from index: Int, links: [Link<Item>]) async throws {
        var target = index + 1
        if item.failure != nil {
            while target < stages.count, !stages[target].stage.receivesFailedItems {
                target += 1
            }
        }
        if target < stages.count {
            try await links[target].send(item)
            return
        }
        if let failure = item.failure {
            countFailure(failure, item: item.id, path: item.sourcePath)
        } else {
            await source.settle(item, in: context)
            progressState.withLock { $0.done += 1 }
        }
    }

    private func countFailure(_ failure: ItemFailure, item: String, path: String) {
        progressState.withLock { progress in
            progress.failed += 1
            progress.failures.append(.init(item: item, path: path, stage: failure.stage, error: failure.message))
        }
    }

    private func adjustInStage(_ stage: StageType, by delta: Int) {
        progressState.withLock { $0.inStage[stage.rawValue, default: 0] += delta }
    }
}

/// A stage with its definition, as the runner schedules it.
struct ConfiguredStage: Sendable {
    let definition: StageDefinition
    let stage: PipelineStage
}

/// The first item of this run seen with each content hash.
final class ContentIndex: Sendable {
    private let firstItems: Mutex<[String: String]>

    /// Starts from `known`, the first item of each hash an earlier process of the run saw.
    init(_ known: [String: String] = [:]) {
        firstItems = Mutex(known)
    }

    /// Records `itemID` as the first with `sha256` unless another item came first, whose id
    /// is returned.
    func claim(_ sha256: String, for itemID: String) -> String? {
        firstItems.withLock { firstItems in
            if let first = firstItems[sha256] { return first }
            firstItems[sha256] = itemID
            return nil
        }
    }
}

/// An item whose discovery event is being committed; nil for a file that goes no further.
struct PendingDiscovery: Sendable {
    let item: Item?
    let commit: Task<Void, Error>
}

struct StopState {
    var request: StopRequest?
    var reason: RunStopReason?
    var intakeStopped = false
}
