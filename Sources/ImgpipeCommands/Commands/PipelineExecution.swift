import Foundation
import Pipeline
import Stages

/// One run of a pipeline definition: load and validate it, open the event log, build the
/// stages, run them with signal handling and a progress line, and clean up work files.
struct PipelineExecution {
    let definitionPath: String
    let environment: [String: String]
    let workingDirectory: String
    let stateDirectory: String
    let logger: Logger
    let options: RunOptions
    let showProgress: Bool
    /// Runs only the local stages, against a throwaway event log, and reports what the others
    /// would do.
    var dryRun = false
    /// Replaces the definition's ingest stage, for `imgpipe upload`, which takes a file list.
    var sourceOverride: SourceStage? = nil
    /// The longest rate-limit pause to wait out; a longer one stops the run (exit 4). Nil
    /// waits out any pause, as a batch should.
    var longestRateLimitWait: Duration? = nil
    /// False under `serve`, which turns signals into stop requests for all its pipelines.
    var handlesSignals = true
    /// Called with each runner before it starts, so that `serve` can report and stop it.
    var onRunner: (@Sendable (PipelineRunner, RateLimitGate) -> Void)? = nil
    /// Runs chosen items of an earlier run again in a new run, instead of discovering files.
    var replay: ReplayRequest? = nil
    /// The pipeline's run lock, set when the caller holds it across several executions, as
    /// `serve` does. When it is nil, each execution takes the lock and releases it on return.
    var runLock: RunLock? = nil
    /// False for `imgpipe upload`, whose one-shot runs may go on side by side in several
    /// processes that share one account.
    var takesRunLock = true

    /// The outcome of a run, or why it could not start.
    enum Outcome {
        /// `plan` lists, for a dry run, what each item's remote stages would have done.
        case finished(RunSummary, stop: StopRequest?, plan: [String] = [])
        case stopped(RunStopped)
    }

    func execute() async throws -> Outcome {
        try await execute(continuing: nil)
    }

    /// Runs the definition; with `runID`, continues that run, else continues the pipeline's
    /// unfinished run unless `startsNewRun`, else starts a new one.
    func execute(continuing runID: RunID?, startsNewRun: Bool = false) async throws -> Outcome {
        let definition = try DefinitionLoader.load(path: definitionPath, environment: environment, workingDirectory: workingDirectory)
        return try await execute(definition, continuing: runID, startsNewRun: startsNewRun)
    }

    /// Runs an already loaded definition, as `imgpipe upload` does with the one it builds.
    func execute(_ definition: PipelineDefinition, continuing runID: RunID? = nil, startsNewRun: Bool = false) async throws -> Outcome {
        let stateDirectory = dryRun ? try Self.throwawayStateDirectory() : self.stateDirectory
        defer {
            if dryRun { try? FileManager.default.removeItem(atPath: stateDirectory) }
        }
        if !dryRun {
            try StateDirectoryCheck.requireDirectory(stateDirectory)
        }
        // A dry run changes nothing in the state directory, so it runs beside a real run.
        var lock = runLock
        if lock == nil, takesRunLock, !dryRun {
            lock = try await lockPipeline(definition.name)
        }
        defer {
            if runLock == nil { lock?.release() }
        }
        let eventLog = try EventLog.open(path: stateDirectory + "/events.sqlite")
        defer { eventLog.close() }

        let gate = try rateLimitGate()
        let (source, stages) = try StageFactory.makeStages(for: definition, gate: gate, dryRun: dryRun)
        if let replay {
            return try await executeReplay(replay, definition: definition, stateDirectory: stateDirectory, eventLog: eventLog, gate: gate, stages: stages, lock: lock)
        }
        let continued = try await runToContinue(runID, pipeline: definition.name, startsNewRun: startsNewRun, eventLog: eventLog)
        let id = continued ?? RunID.generate()
        await lock?.record(runID: id)
        let plan: ResumePlan? = if let continued {
            ResumePlan.build(from: try await eventLog.events(run: continued), stageTypes: stages.map(\.type))
        } else {
            nil
        }
        if let continued {
            logger.info("continuing unfinished run", ["run": continued.rawValue, "pipeline": definition.name, "items": "\(plan?.entries.count ?? 0)"])
        }

        let context = RunContext(
            runID: id,
            definition: definition,
            eventLog: eventLog,
            workDirectory: stateDirectory + "/work/" + id.rawValue,
            environment: environment,
            logger: logger,
            options: options
        )
        let runner = PipelineRunner(context: context, source: sourceOverride ?? source, stages: stages, resume: plan)
        let outcome = try await run(runner, gate: gate, lock: lock)

        guard dryRun, case .finished(let summary, let stop, _) = outcome else { return outcome }
        return .finished(summary, stop: stop, plan: try await Self.plan(of: id, in: eventLog))
    }

    /// Runs the replay's items in a new run, then links the two runs in the log.
    private func executeReplay(
        _ replay: ReplayRequest, definition: PipelineDefinition, stateDirectory: String, eventLog: EventLog,
        gate: RateLimitGate, stages: [PipelineStage], lock: RunLock?
    ) async throws -> Outcome {
        // A dry run writes to a throwaway log, so the original run's events come from the real one.
        let originalLog = dryRun ? try EventLog.open(path: self.stateDirectory + "/events.sqlite") : eventLog
        defer {
            if dryRun { originalLog.close() }
        }
        let originalEvents = try await originalLog.events(run: replay.original)
        guard !originalEvents.isEmpty else {
            throw CommandFailure("no events of run '\(replay.original)' in \(self.stateDirectory)/events.sqlite; list runs with 'imgpipe runs'", exitCode: .usage)
        }
        let stageTypes = stages.map(\.type)
        let settled = replay.failedOnly
            ? try await ReplayHistory.itemsSucceededInLatestReplay(of: originalEvents, stageTypes: stageTypes, eventLog: originalLog)
            : []
        let (planned, missing) = ResumePlan.replay(replay, events: originalEvents, stageTypes: stageTypes, succeededInReplay: settled)
        let (plan, changed) = try await planned.removingChangedSources(original: replay.original, stageTypes: stageTypes)
        let id = RunID.generate()
        await lock?.record(runID: id)
        logger.info("replaying run", ["run": id.rawValue, "original": replay.original.rawValue, "items": "\(plan.entries.count)", "missing": "\(missing.count)", "changed": "\(changed.count)"])

        let context = RunContext(
            runID: id, definition: definition, eventLog: eventLog, workDirectory: stateDirectory + "/work/" + id.rawValue,
            environment: environment, logger: logger, options: options
        )
        let runner = PipelineRunner(context: context, source: ReplaySource(missing: missing + changed), stages: stages, resume: plan, replayOf: replay.original)
        let outcome = try await run(runner, gate: gate, lock: lock)
        if !dryRun {
            try await eventLog.linkReplay(id, to: replay.original, items: plan.entries.map(\.item.id))
        }
        return outcome
    }

    private static func throwawayStateDirectory() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-dry-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    /// Collects the "would" lines that the planned stages recorded, in item order.
    private static func plan(of runID: RunID, in eventLog: EventLog) async throws -> [String] {
        try await eventLog.events(run: runID).compactMap { event in
            guard event.type == "stage.finished", let item = event.itemID, case .string(let would)? = event.payload["would"] else {
                return nil
            }
            return "\(item): \(would)"
        }
    }

    /// Takes the run lock of `pipeline`, or fails with exit code 2 naming the process that
    /// holds it, or the lock file or state directory that cannot be used.
    func lockPipeline(_ pipeline: String) async throws -> RunLock {
        do {
            return try await RunLock.acquire(pipeline: pipeline, stateDirectory: stateDirectory)
        } catch let held as RunLockHeld {
            throw CommandFailure(held.description, exitCode: .usage)
        } catch let unusable as RunLockError {
            throw CommandFailure(unusable.description, exitCode: .usage)
        }
    }

    private func runToContinue(_ runID: RunID?, pipeline: String, startsNewRun: Bool, eventLog: EventLog) async throws -> RunID? {
        guard let runID else {
            return startsNewRun ? nil : try await eventLog.unfinishedRun(of: pipeline)?.id
        }
        guard let record = try await eventLog.run(runID) else {
            throw CommandFailure("no run '\(runID)' in \(stateDirectory)/events.sqlite; list runs with 'imgpipe runs'", exitCode: .usage)
        }
        guard RunRecord.resumableStatuses.contains(record.status) else {
            throw CommandFailure("run '\(runID)' has status \(record.status) and cannot be resumed; start a new run with 'imgpipe run FILE'", exitCode: .usage)
        }
        guard record.pipeline == pipeline else {
            throw CommandFailure("run '\(runID)' belongs to pipeline '\(record.pipeline)', not '\(pipeline)'", exitCode: .usage)
        }
        return runID
    }

    private func rateLimitGate() throws -> RateLimitGate {
        do {
            return RateLimitGate(reserve: try RateLimitGate.reserve(from: environment), longestWait: longestRateLimitWait)
        } catch let error as RateLimitSettingError {
            throw CommandFailure(error.description, exitCode: .usage)
        }
    }

    private func run(_ runner: PipelineRunner, gate: RateLimitGate, lock: RunLock?) async throws -> Outcome {
        let signals = handlesSignals ? SignalWatcher { number in
            runner.requestStop(number == SIGTERM ? .terminate : .interrupt)
        } : nil
        onRunner?(runner, gate)
        let progress = ProgressLine(runner: runner, gate: gate, enabled: showProgress)
        // Another process runs the pipeline once the lock is lost, so this one takes no more files.
        let lockWatch = lock.map { RunLockWatch.start($0, logger: logger) { _ in runner.requestStop(.interrupt) } }
        defer {
            lockWatch?.cancel()
            progress.stop()
            signals?.cancel()
        }

        do {
            let summary = try await runner.run()
            removeWorkFiles(runner.context, summary: summary)
            return .finished(summary, stop: runner.stopRequest, plan: [])
        } catch let stopped as RunStopped {
            return .stopped(stopped)
        }
    }

    /// Prepared copies are only needed while their items are in flight; a run that left
    /// nothing unfinished needs none of them.
    private func removeWorkFiles(_ context: RunContext, summary: RunSummary) {
        guard summary.unfinished == 0 else { return }
        try? FileManager.default.removeItem(atPath: context.workDirectory)
    }
}
