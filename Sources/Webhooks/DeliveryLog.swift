import Foundation
import Synchronization

/// The deliveries a receiver has recorded, the tasks waiting for a count of them, and the
/// status overrides for the next responses. Shared by the HTTP handler and the receiver.
final class DeliveryLog: Sendable {
    private struct Waiter {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var deliveries: [WebhookDelivery] = []
        var waiters: [UUID: Waiter] = [:]
        /// Waiters cancelled before they registered, so they return at once when they do.
        var cancelled: Set<UUID> = []
        var queuedStatuses: [Int] = []
        var statusOverride: Int?
    }

    private let state = Mutex(State())

    var deliveries: [WebhookDelivery] {
        state.withLock { $0.deliveries }
    }

    /// Records a delivery, wakes the waiters it satisfies, and returns the response status.
    func record(_ delivery: WebhookDelivery) -> Int {
        let (status, ready) = state.withLock { state -> (Int, [Waiter]) in
            state.deliveries.append(delivery)
            let ready = state.waiters.filter { $0.value.count <= state.deliveries.count }
            ready.keys.forEach { state.waiters.removeValue(forKey: $0) }
            return (Self.nextStatus(&state, verified: delivery.verified), Array(ready.values))
        }

        ready.forEach { $0.continuation.resume() }
        return status
    }

    func queueStatuses(_ statuses: [Int]) {
        state.withLock { $0.queuedStatuses.append(contentsOf: statuses) }
    }

    func setStatusOverride(_ status: Int?) {
        state.withLock { $0.statusOverride = status }
    }

    /// Suspends until `count` deliveries are recorded or the task is cancelled.
    func waitUntil(count: Int, waiterID: UUID) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.deliveries.count >= count || state.cancelled.remove(waiterID) != nil {
                        return true
                    }
                    state.waiters[waiterID] = Waiter(count: count, continuation: continuation)
                    return false
                }
                if resumeNow {
                    continuation.resume()
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let waiter = state.waiters.removeValue(forKey: waiterID) else {
                    state.cancelled.insert(waiterID)
                    return nil
                }
                return waiter
            }
            waiter?.continuation.resume()
        }
    }

    /// Forgets a waiter that finished, so a late cancellation leaves nothing behind.
    func forget(waiterID: UUID) {
        state.withLock { _ = $0.cancelled.remove(waiterID) }
    }

    /// Queued statuses come first, one per delivery, then the override, then 204 or 401.
    private static func nextStatus(_ state: inout State, verified: Bool) -> Int {
        if !state.queuedStatuses.isEmpty {
            return state.queuedStatuses.removeFirst()
        }
        return state.statusOverride ?? (verified ? 204 : 401)
    }
}
