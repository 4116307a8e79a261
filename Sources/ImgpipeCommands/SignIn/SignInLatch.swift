import Synchronization

/// The single outcome of one sign-in wait. The first callback (or PIN) to claim the latch is
/// the only one redeemed; a forged callback never claims it, so it cannot end the wait.
///
/// The timeout ends only a wait that nothing has claimed, so a token exchange in progress is
/// not cut off; the exchange has its own request deadline.
final class SignInLatch: Sendable {
    private enum Phase {
        case waiting
        /// A grant is being redeemed.
        case claimed
        /// The outcome is known, but the page that reports it may still be sending.
        case decided(SignInOutcome)
        case finished(SignInOutcome)
    }

    private struct State {
        var phase = Phase.waiting
        var waiter: CheckedContinuation<SignInOutcome, Never>?
    }

    private let state = Mutex(State())

    /// Returns true for the first caller only; that caller must then call `decide`.
    func claim() -> Bool {
        state.withLock { state in
            guard case .waiting = state.phase else { return false }
            state.phase = .claimed
            return true
        }
    }

    /// Records the claimed grant's outcome; `finish` or the timeout then ends the wait with it.
    func decide(_ outcome: SignInOutcome) {
        state.withLock { $0.phase = .decided(outcome) }
    }

    /// Ends the wait with the decided outcome, once its page was sent.
    func finish() {
        let (waiter, outcome) = state.withLock { state -> (CheckedContinuation<SignInOutcome, Never>?, SignInOutcome?) in
            guard case .decided(let outcome) = state.phase else { return (nil, nil) }
            state.phase = .finished(outcome)
            defer { state.waiter = nil }
            return (state.waiter, outcome)
        }
        if let waiter, let outcome {
            waiter.resume(returning: outcome)
        }
    }

    /// Ends a wait that nothing claimed with `.timedOut`, and a decided one with its outcome.
    private func expire() {
        state.withLock { state in
            if case .waiting = state.phase {
                state.phase = .decided(.timedOut)
            }
        }
        finish()
    }

    /// Waits for the outcome, or for `timeout` to pass with nothing claimed.
    func outcome(timeout: Duration) async -> SignInOutcome {
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled {
                expire()
            }
        }
        defer { timer.cancel() }

        return await withCheckedContinuation { continuation in
            let finished = state.withLock { state -> SignInOutcome? in
                if case .finished(let outcome) = state.phase { return outcome }
                state.waiter = continuation
                return nil
            }
            if let finished {
                continuation.resume(returning: finished)
            }
        }
    }
}
