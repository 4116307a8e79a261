import Synchronization

/// A bounded channel between two stages: `send` suspends while `capacity` elements are waiting,
/// so a fast producer slows to the pace of its consumer and nothing is ever dropped.
///
/// `AsyncStream` cannot play this part: it never suspends its producer, and its bounded
/// buffering policies drop elements. Any number of tasks may send and receive at once; the
/// link ends for receivers once `finish()` was called and every element was taken.
public final class Link<Element: Sendable>: AsyncSequence, Sendable {
    public let capacity: Int
    private let state: Mutex<LinkState<Element>>

    public init(capacity: Int) {
        precondition(capacity >= 1, "a link needs room for at least one element")
        self.capacity = capacity
        self.state = Mutex(LinkState())
    }

    /// Elements waiting in the link now, never more than `capacity`.
    public var count: Int {
        state.withLock { $0.buffer.count }
    }

    /// The highest `count` seen since the link was made, for tests and metrics.
    public var highWaterMark: Int {
        state.withLock { $0.highWaterMark }
    }

    /// Hands `element` to a waiting receiver or buffers it, suspending while the link is full.
    ///
    /// Throws `CancellationError` when the sending task is cancelled while it waits, and
    /// `LinkClosedError` when the link was finished; the element is then not delivered.
    public func send(_ element: Element) async throws {
        try Task.checkCancellation()
        let id = WaiterID.next()

        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let action = state.withLock { state in
                    state.offer(element, capacity: capacity, sender: (id, continuation))
                }
                action.run()
            }
        } onCancel: {
            let action = state.withLock { $0.cancelSender(id) }
            action.run()
        }
    }

    /// Marks the end of input: receivers drain what is buffered, then their iteration ends.
    /// Senders still suspended are failed with `LinkClosedError`.
    public func finish() {
        let action = state.withLock { $0.finish() }
        action.run()
    }

    /// Takes the oldest element, suspending while the link is empty; nil once finished and empty
    /// or when the receiving task is cancelled.
    public func receive() async -> Element? {
        if Task.isCancelled { return nil }
        let id = WaiterID.next()

        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                let action = state.withLock { state in
                    state.take(capacity: capacity, receiver: (id, continuation))
                }
                action.run()
            }
        } onCancel: {
            let action = state.withLock { $0.cancelReceiver(id) }
            action.run()
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let link: Link

        public mutating func next() async -> Element? {
            await link.receive()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(link: self)
    }
}

/// The error a sender gets when the link was finished before its element could be delivered.
public struct LinkClosedError: Error, CustomStringConvertible {
    public var description: String {
        "the link to the next stage was closed before the item could be handed on"
    }
}

/// Identifies one suspended sender or receiver so that cancellation can find it.
struct WaiterID: Hashable, Sendable {
    private static let counter = Atomic<UInt64>(0)
    let value: UInt64

    static func next() -> WaiterID {
        WaiterID(value: counter.add(1, ordering: .relaxed).newValue)
    }
}
