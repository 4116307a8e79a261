import Synchronization

/// Runs a URLSession call so that cancelling the caller never cancels the call itself.
///
/// FoundationNetworking's async URLSession methods (swift-corelibs-foundation, as shipped with
/// Swift 6.3.1 on Linux) cancel their URLSessionTask from the Swift task's cancellation
/// handler. When that races with the request completing, the process either deadlocks or
/// traps. It deadlocks because the handler holds the task's status lock and waits for the
/// session's work queue, while that queue waits for the same lock to resume the call's
/// continuation. It traps in `URLSession.behaviour(for:)` ("Trying to access a behaviour for a
/// task that in not in the registry") when the cancel reaches a task that already completed.
/// A run stopped by SIGTERM cancels the webhook deliveries still in flight, and the uploads too
/// when the drain timeout passes, so some stopped runs hung or died with SIGILL.
public enum UncancelledCall {
    /// Runs `call` in a task of its own and returns its result. When the calling task is
    /// cancelled, this throws `CancellationError` at once, and `call` runs on to its end
    /// (a response or URLSession's own timeout) with its result dropped.
    public static func run<Value: Sendable>(_ call: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try Task.checkCancellation()
        let waiter = Waiter<Value>()

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiter.install(continuation)
                Task {
                    do {
                        waiter.finish(.success(try await call()))
                    } catch {
                        waiter.finish(.failure(error))
                    }
                }
            }
        } onCancel: {
            waiter.finish(.failure(CancellationError()))
        }
    }
}

/// The continuation of one `UncancelledCall.run`, resumed exactly once by whichever comes
/// first: the call's result or the caller's cancellation.
private final class Waiter<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Error>?
        /// A result that arrived before the continuation was installed.
        var early: Result<Value, Error>?
        var resumed = false
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Value, Error>) {
        let early = state.withLock { state -> Result<Value, Error>? in
            guard let early = state.early else {
                state.continuation = continuation
                return nil
            }
            state.resumed = true
            return early
        }
        if let early {
            continuation.resume(with: early)
        }
    }

    func finish(_ result: Result<Value, Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<Value, Error>? in
            guard !state.resumed else { return nil }
            guard let continuation = state.continuation else {
                state.early = state.early ?? result
                return nil
            }
            state.resumed = true
            state.continuation = nil
            return continuation
        }
        continuation?.resume(with: result)
    }
}
