import ImgurAdapter
import Synchronization
import Testing

@Suite("Uncancelled call")
struct UncancelledCallTests {
    @Test("returns the call's result")
    func returnsResult() async throws {
        let value = try await UncancelledCall.run { 42 }
        #expect(value == 42)
    }

    @Test("rethrows the call's error")
    func rethrowsError() async {
        await #expect(throws: SampleError.self) {
            try await UncancelledCall.run { () async throws -> Int in throw SampleError() }
        }
    }

    @Test("cancelled caller returns, call runs on")
    func cancelledCallerReturns() async throws {
        let started = Gate()
        let release = Gate()
        let finished = Gate()
        let sawCancellation = Mutex<Bool?>(nil)

        let caller = Task {
            try await UncancelledCall.run {
                started.open()
                await release.wait()
                sawCancellation.withLock { $0 = Task.isCancelled }
                finished.open()
                return 1
            }
        }
        await started.wait()
        caller.cancel()

        let result = await caller.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(sawCancellation.withLock { $0 } == nil, "the caller returned before the call finished")

        release.open()
        await finished.wait()
        #expect(sawCancellation.withLock { $0 } == false, "the call itself was not cancelled")
    }

    @Test("already cancelled caller starts nothing")
    func alreadyCancelledStartsNothing() async {
        let calls = Mutex(0)
        let caller = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await UncancelledCall.run {
                calls.withLock { $0 += 1 }
                return 1
            }
        }
        let result = await caller.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(calls.withLock { $0 } == 0)
    }
}

private struct SampleError: Error {}

/// A one-time signal that tasks can wait for, opened once by any task.
private final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state -> Bool in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}
