import Foundation
import HTTPServer
@testable import Pipeline
@testable import Stages
import Synchronization
import Testing
import Webhooks

/// The outbox against a real HTTP endpoint on 127.0.0.1 and a real event log.
@Suite("Webhook outbox")
struct WebhookOutboxTests {
    /// An endpoint that responds to each request with the next scripted status (then 204) after
    /// `delay`, and records when each request arrived and how many overlapped.
    final class ScriptedEndpoint: Sendable {
        struct State {
            var script: [(status: Int, headers: [String: String])]
            var arrivals: [(id: String, time: ContinuousClock.Instant)] = []
            var inFlight = 0
            var maxInFlight = 0
        }

        /// Holds the state in a class, because the server's handler must capture it.
        final class Shared: Sendable {
            let state: Mutex<State>

            init(_ state: State) {
                self.state = Mutex(state)
            }
        }

        let shared: Shared
        let server: HTTPServer

        init(script: [(status: Int, headers: [String: String])], delay: Duration = .zero) throws {
            let shared = Shared(State(script: script))
            self.shared = shared
            server = try HTTPServer { request in
                let reply = shared.state.withLock { state -> (Int, [String: String]) in
                    state.arrivals.append((request.header("webhook-id") ?? "", ContinuousClock.now))
                    state.inFlight += 1
                    state.maxInFlight = max(state.maxInFlight, state.inFlight)
                    return state.script.isEmpty ? (204, [:]) : state.script.removeFirst()
                }
                if delay > .zero { try? await Task.sleep(for: delay) }
                shared.state.withLock { $0.inFlight -= 1 }
                return HTTPResponse(status: reply.0, headers: reply.1)
            }
        }
    }

    @Test("Retry-After on 429 delays the retry")
    func retryAfterHonoured() async throws {
        let endpoint = try ScriptedEndpoint(script: [(429, ["Retry-After": "1"])])
        defer { endpoint.server.stop() }
        let (outbox, run) = try await makeOutbox(url: endpoint.server.baseURL, maxConcurrent: 1)

        _ = try await outbox.enqueue(id: "msg_retry", item: "000001", eventType: "image.uploaded", body: Data("{}".utf8), in: run)
        let pending = await outbox.waitForDeliveries(timeout: .seconds(30))
        await outbox.stop()

        #expect(pending == 0)
        let arrivals = endpoint.shared.state.withLock { $0.arrivals }
        #expect(arrivals.map(\.id) == ["msg_retry", "msg_retry"])
        if arrivals.count == 2 {
            #expect(arrivals[1].time - arrivals[0].time >= .milliseconds(950), "the retry came before Retry-After allowed")
        }
        let stored = try await run.eventLog.webhookDelivery("msg_retry")
        #expect(stored?.status == WebhookDeliveryRecord.delivered)
        #expect(stored?.attempts == 2)
    }

    @Test("concurrency per endpoint is limited")
    func concurrencyLimited() async throws {
        // Each response takes long enough that the second request arrives while the first is
        // held, even when a loaded machine delays the outbox's second send.
        let endpoint = try ScriptedEndpoint(script: [], delay: .milliseconds(500))
        defer { endpoint.server.stop() }
        let (outbox, run) = try await makeOutbox(url: endpoint.server.baseURL, maxConcurrent: 2)

        for index in 1...6 {
            _ = try await outbox.enqueue(id: "msg_\(index)", item: nil, eventType: "image.uploaded", body: Data("{}".utf8), in: run)
        }
        let pending = await outbox.waitForDeliveries(timeout: .seconds(30))
        await outbox.stop()

        #expect(pending == 0)
        #expect(endpoint.shared.state.withLock { $0.maxInFlight } == 2)
    }

    @Test("queued twice is sent once")
    func queuedTwiceSentOnce() async throws {
        let endpoint = try ScriptedEndpoint(script: [])
        defer { endpoint.server.stop() }
        let (outbox, run) = try await makeOutbox(url: endpoint.server.baseURL, maxConcurrent: 1)

        _ = try await outbox.enqueue(id: "msg_once", item: nil, eventType: "image.uploaded", body: Data("{}".utf8), in: run)
        _ = await outbox.waitForDeliveries(timeout: .seconds(30))
        let again = try await outbox.enqueue(id: "msg_once", item: nil, eventType: "image.uploaded", body: Data("{}".utf8), in: run)
        await outbox.stop()

        #expect(again.status == WebhookDeliveryRecord.delivered)
        #expect(endpoint.shared.state.withLock { $0.arrivals.count } == 1)
    }

    @Test(arguments: [1, 2, 3, 6, 8, 20])
    func scheduleWithinJitter(attempt: Int) {
        let schedule = DeliverySchedule()
        let base = min(5 * pow(6, Double(attempt - 1)), 36_000)
        let delay = schedule.delay(afterAttempt: attempt).seconds
        #expect(delay >= base * 0.8 - 0.001)
        #expect(delay <= base * 1.2 + 0.001)
    }

    @Test func retryAfterForms() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
    }

    private func makeOutbox(url: URL, maxConcurrent: Int) async throws -> (WebhookOutbox, RunContext) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-outbox-\(UUID().uuidString.prefix(8))")
        let eventLog = try EventLog.open(path: folder.appendingPathComponent("events.sqlite").path)
        let runID = RunID.generate()
        try await eventLog.startRun(runID, pipeline: "outbox-test", definitionText: "name: outbox-test", definitionSHA256: "0")
        let definition = PipelineDefinition(name: "outbox-test", description: nil, stages: [], recordedText: "name: outbox-test", sourcePath: "test.yaml")
        let run = RunContext(
            runID: runID, definition: definition, eventLog: eventLog, workDirectory: folder.path,
            environment: [:], logger: .silent, options: RunOptions()
        )

        let endpoint = url.appendingPathComponent("webhooks")
        var schedule = DeliverySchedule()
        schedule.firstDelay = .milliseconds(10)
        let sender = WebhookSender(url: endpoint, secret: WebhookSecret.generate(), timeout: .seconds(30), maxConnections: maxConcurrent)
        let outbox = WebhookOutbox(sender: sender, schedule: schedule, maxConcurrent: maxConcurrent)
        try await outbox.start(run)
        return (outbox, run)
    }
}
