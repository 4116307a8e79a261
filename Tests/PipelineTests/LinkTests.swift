import Synchronization
import Testing
@testable import Pipeline

@Suite("Link")
struct LinkTests {
    @Test("slow consumer never sees more than capacity, nothing lost")
    func boundedAndLossless() async throws {
        let link = Link<Int>(capacity: 8)
        let count = 10_000

        async let received: [Int] = {
            var values: [Int] = []
            for await value in link {
                #expect(link.count <= 8)
                values.append(value)
                // A slow consumer that yields instead of sleeping keeps the test fast.
                for _ in 0..<3 { await Task.yield() }
            }
            return values
        }()

        for value in 0..<count {
            try await link.send(value)
        }
        link.finish()

        let values = await received
        #expect(values == Array(0..<count))
        #expect(link.highWaterMark <= 8)
        #expect(link.highWaterMark == 8, "the producer ran ahead until the link was full")
    }

    @Test("several producers and consumers lose nothing")
    func fanInFanOut() async throws {
        let link = Link<Int>(capacity: 3)
        let seen = Tally()

        await withTaskGroup(of: Void.self) { group in
            for consumer in 0..<4 {
                group.addTask {
                    for await value in link {
                        seen.add(value)
                        if consumer == 0 { await Task.yield() }
                    }
                }
            }
            await withTaskGroup(of: Void.self) { producers in
                for producer in 0..<5 {
                    producers.addTask {
                        for offset in 0..<2_000 {
                            try? await link.send(producer * 2_000 + offset)
                        }
                    }
                }
            }
            link.finish()
        }

        #expect(seen.total == 10_000)
        #expect(seen.distinct == 10_000)
        #expect(link.highWaterMark <= 3)
    }

    @Test("blocked sender is released by cancellation")
    func cancelBlockedSender() async throws {
        let link = Link<Int>(capacity: 1)
        try await link.send(1)

        let sender = Task {
            try await link.send(2)
        }
        await Task.yield()
        sender.cancel()

        await #expect(throws: CancellationError.self) {
            try await sender.value
        }
        #expect(await link.receive() == 1)
        link.finish()
        #expect(await link.receive() == nil)
    }

    @Test("waiting receiver ends on cancellation")
    func cancelWaitingReceiver() async {
        let link = Link<Int>(capacity: 1)
        let receiver = Task { await link.receive() }
        await Task.yield()
        receiver.cancel()
        #expect(await receiver.value == nil)
    }

    @Test("send after finish throws")
    func sendAfterFinish() async {
        let link = Link<Int>(capacity: 2)
        link.finish()
        await #expect(throws: LinkClosedError.self) {
            try await link.send(1)
        }
    }
}

/// Counts values received from many tasks at once.
final class Tally: Sendable {
    private let state = Mutex<(total: Int, values: Set<Int>)>((0, []))

    func add(_ value: Int) {
        state.withLock { state in
            state.total += 1
            state.values.insert(value)
        }
    }

    var total: Int { state.withLock { $0.total } }
    var distinct: Int { state.withLock { $0.values.count } }
}
