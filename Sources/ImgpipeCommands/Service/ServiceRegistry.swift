import Foundation
import Pipeline
import Stages
import Synchronization

/// The pipelines `serve` runs: each one's current runner, rate-limit gate and pause, and the
/// service-wide stop request, shared between the pipeline tasks, the signal handler and the
/// HTTP handlers.
final class ServiceRegistry: Sendable {
    /// One pipeline as the HTTP endpoints report it.
    struct ServedPipeline: Sendable {
        let definitionPath: String
        var name: String
        var runner: PipelineRunner?
        var gate: RateLimitGate?
        /// Why the pipeline waits, such as a sign-in problem; nil while it runs.
        var pausedReason: String?
        /// Why the pipeline could not run at all; it stays stopped until the next start.
        var failure: String?
        var isFinished = false
    }

    private struct State {
        var pipelines: [ServedPipeline] = []
        var stopRequest: StopRequest?
        var resumeWaiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    }

    private let state = Mutex(State())

    init(definitionPaths: [String]) {
        state.withLock { state in
            state.pipelines = definitionPaths.map { ServedPipeline(definitionPath: $0, name: ($0 as NSString).lastPathComponent) }
        }
    }

    var pipelines: [ServedPipeline] { state.withLock { $0.pipelines } }
    var stopRequest: StopRequest? { state.withLock { $0.stopRequest } }

    /// Records the runner a pipeline now uses; a runner that starts after a stop request is
    /// stopped at once, so that it takes no new files.
    func attach(_ runner: PipelineRunner, gate: RateLimitGate, to path: String) {
        let stop = update(path) { pipeline in
            pipeline.runner = runner
            pipeline.gate = gate
            pipeline.name = runner.context.definition.name
            pipeline.pausedReason = nil
        }
        if let stop { runner.requestStop(stop) }
    }

    /// Replaces the definition's file name, listed until a runner starts, with the pipeline's name.
    func name(_ path: String, as name: String) {
        _ = update(path) { $0.name = name }
    }

    func pause(_ path: String, reason: String) {
        _ = update(path) { $0.pausedReason = reason }
    }

    func fail(_ path: String, reason: String) {
        _ = update(path) { $0.failure = reason }
    }

    func finish(_ path: String) {
        _ = update(path) { $0.isFinished = true }
    }

    /// Stops intake of every pipeline and wakes the paused ones so that they end.
    func stop(_ request: StopRequest) {
        let (runners, waiters) = state.withLock { state in
            state.stopRequest = state.stopRequest ?? request
            defer { state.resumeWaiters = [:] }
            return (state.pipelines.compactMap(\.runner), state.resumeWaiters.values)
        }
        for runner in runners { runner.requestStop(request) }
        for waiter in waiters { waiter.resume() }
    }

    /// Wakes paused pipelines after a sign-in, so that they try again.
    func resumePaused() {
        let waiters = state.withLock { state in
            defer { state.resumeWaiters = [:] }
            return state.resumeWaiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Suspends until `resumePaused()`, `stop(_:)` or cancellation.
    func waitForResume() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let released = state.withLock { state in
                    if state.stopRequest == nil && !Task.isCancelled { state.resumeWaiters[id] = continuation }
                    return state.stopRequest != nil || Task.isCancelled
                }
                if released { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.resumeWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Suspends until `resumePaused()`, `stop(_:)` or `limit` passed, whichever comes first.
    func waitForResume(atMost limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForResume() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Changes one pipeline and returns the stop request in force, if any.
    private func update(_ path: String, _ change: (inout ServedPipeline) -> Void) -> StopRequest? {
        state.withLock { state in
            if let index = state.pipelines.firstIndex(where: { $0.definitionPath == path }) {
                change(&state.pipelines[index])
            }
            return state.stopRequest
        }
    }
}
