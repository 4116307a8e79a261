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
    /// Replaces the definition's ingest stage, for `imgpipe upload`, which takes a file list.
    var sourceOverride: SourceStage? = nil
    /// The longest rate-limit pause to wait out; a longer one stops the run (exit 4). Nil
    /// waits out any pause, as a batch should.
    var longestRateLimitWait: Duration? = nil

    /// The outcome of a run, or why it could not start.
    enum Outcome {
        case finished(RunSummary, stop: StopRequest?)
        case stopped(RunStopped)
    }

    func execute() async throws -> Outcome {
        let definition = try DefinitionLoader.load(path: definitionPath, environment: environment, workingDirectory: workingDirectory)
        return try await execute(definition)
    }

    func execute(_ definition: PipelineDefinition) async throws -> Outcome {
        let eventLog = try EventLog.open(path: stateDirectory + "/events.sqlite")
        defer { eventLog.close() }

        let runID = RunID.generate()
        let context = RunContext(
            runID: runID,
            definition: definition,
            eventLog: eventLog,
            workDirectory: stateDirectory + "/work/" + runID.rawValue,
            environment: environment,
            logger: logger,
            options: options
        )
        let gate = try rateLimitGate()
        let (source, stages) = try StageFactory.makeStages(for: definition, gate: gate)
        let runner = PipelineRunner(context: context, source: sourceOverride ?? source, stages: stages)
        return try await run(runner, gate: gate)
    }

    private func rateLimitGate() throws -> RateLimitGate {
        do {
            return RateLimitGate(reserve: try RateLimitGate.reserve(from: environment), longestWait: longestRateLimitWait)
        } catch let error as RateLimitSettingError {
            throw CommandFailure(error.description, exitCode: .usage)
        }
    }

    private func run(_ runner: PipelineRunner, gate: RateLimitGate) async throws -> Outcome {
        let signals = SignalWatcher { number in
            runner.requestStop(number == SIGTERM ? .terminate : .interrupt)
        }
        let progress = ProgressLine(runner: runner, gate: gate, enabled: showProgress)
        defer {
            progress.stop()
            signals.cancel()
        }

        do {
            let summary = try await runner.run()
            removeWorkFiles(runner.context, summary: summary)
            return .finished(summary, stop: runner.stopRequest)
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
