import Foundation

/// Polls a condition on a thread of its own and runs an action there as soon as it is true.
///
/// Tests that signal a child at a moment of its run poll the event log. On the cooperative
/// pool, which has one thread per core and is shared by every test running at once, a busy
/// pool can hold such a poll back for seconds, by which time the child's run may be over. A
/// dedicated thread is scheduled by the kernel alongside everything else instead.
enum ThreadPoller {
    /// Calls `condition` every `interval` until it returns true or `timeout` passes, runs
    /// `action` on the same thread, and returns whether the condition became true.
    @discardableResult
    static func poll(
        every interval: Duration, timeout: Duration = .seconds(120),
        until condition: @escaping @Sendable () -> Bool, then action: @escaping @Sendable () -> Void = {}
    ) async -> Bool {
        await withCheckedContinuation { continuation in
            let poller = Thread {
                let deadline = ContinuousClock.now + timeout
                var satisfied = condition()
                while !satisfied, ContinuousClock.now < deadline {
                    Thread.sleep(forTimeInterval: interval / .seconds(1))
                    satisfied = condition()
                }
                if satisfied {
                    action()
                }
                continuation.resume(returning: satisfied)
            }
            poller.name = "imgpipe-tests.poller"
            poller.start()
        }
    }
}
