/// The state of a `Link`, changed only under its mutex.
///
/// Each mutation returns a `LinkAction` holding the continuations to resume, which the link runs
/// after releasing the lock, so no continuation is ever resumed while the lock is held.
struct LinkState<Element: Sendable> {
    typealias Sender = (id: WaiterID, continuation: CheckedContinuation<Void, Error>)
    typealias Receiver = (id: WaiterID, continuation: CheckedContinuation<Element?, Never>)

    var buffer = RingBuffer<Element>()
    var highWaterMark = 0
    private var blockedSenders: [(id: WaiterID, element: Element, continuation: CheckedContinuation<Void, Error>)] = []
    private var waitingReceivers: [Receiver] = []
    private var finished = false
    /// Waiters whose task was cancelled before they were registered; they end at registration.
    private var cancelledEarly: Set<WaiterID> = []

    mutating func offer(_ element: Element, capacity: Int, sender: Sender) -> LinkAction {
        if cancelledEarly.remove(sender.id) != nil {
            return .resume(sender.continuation, throwing: CancellationError())
        }
        if finished {
            return .resume(sender.continuation, throwing: LinkClosedError())
        }
        if !waitingReceivers.isEmpty {
            let receiver = waitingReceivers.removeFirst()
            return .deliver(element, to: receiver.continuation) + .resume(sender.continuation)
        }
        if buffer.count < capacity {
            buffer.append(element)
            highWaterMark = max(highWaterMark, buffer.count)
            return .resume(sender.continuation)
        }
        blockedSenders.append((sender.id, element, sender.continuation))
        return .none
    }

    mutating func take(capacity: Int, receiver: Receiver) -> LinkAction {
        if cancelledEarly.remove(receiver.id) != nil {
            return .deliver(nil, to: receiver.continuation)
        }
        guard let element = buffer.popFirst() else {
            if finished {
                return .deliver(nil, to: receiver.continuation)
            }
            waitingReceivers.append(receiver)
            return .none
        }

        var action = LinkAction.deliver(element, to: receiver.continuation)
        if !blockedSenders.isEmpty {
            let sender = blockedSenders.removeFirst()
            buffer.append(sender.element)
            highWaterMark = max(highWaterMark, buffer.count)
            action = action + .resume(sender.continuation)
        }
        return action
    }

    mutating func finish() -> LinkAction {
        finished = true
        var action = LinkAction.none

        for sender in blockedSenders {
            action = action + .resume(sender.continuation, throwing: LinkClosedError())
        }
        blockedSenders.removeAll()

        // Receivers only wait on an empty buffer, so all of them have reached the end.
        for receiver in waitingReceivers {
            action = action + .deliver(nil, to: receiver.continuation)
        }
        waitingReceivers.removeAll()
        return action
    }

    mutating func cancelSender(_ id: WaiterID) -> LinkAction {
        guard let index = blockedSenders.firstIndex(where: { $0.id == id }) else {
            cancelledEarly.insert(id)
            return .none
        }
        let sender = blockedSenders.remove(at: index)
        return .resume(sender.continuation, throwing: CancellationError())
    }

    mutating func cancelReceiver(_ id: WaiterID) -> LinkAction {
        guard let index = waitingReceivers.firstIndex(where: { $0.id == id }) else {
            cancelledEarly.insert(id)
            return .none
        }
        let receiver = waitingReceivers.remove(at: index)
        return .deliver(nil, to: receiver.continuation)
    }
}

/// Continuations to resume once the link's lock is released.
struct LinkAction {
    private var steps: [() -> Void] = []

    static var none: LinkAction { LinkAction() }

    static func resume(_ continuation: CheckedContinuation<Void, Error>) -> LinkAction {
        LinkAction(steps: [{ continuation.resume() }])
    }

    static func resume(_ continuation: CheckedContinuation<Void, Error>, throwing error: Error) -> LinkAction {
        LinkAction(steps: [{ continuation.resume(throwing: error) }])
    }

    static func deliver<Element: Sendable>(_ element: Element?, to continuation: CheckedContinuation<Element?, Never>) -> LinkAction {
        LinkAction(steps: [{ continuation.resume(returning: element) }])
    }

    static func + (lhs: LinkAction, rhs: LinkAction) -> LinkAction {
        LinkAction(steps: lhs.steps + rhs.steps)
    }

    func run() {
        for step in steps {
            step()
        }
    }
}
