import Foundation
import Pipeline
import Synchronization

/// Delivers the webhook notifications of one notify stage from the event log's outbox.
///
/// Each notification is committed as a pending delivery before its first attempt. A worker
/// then sends it, at most `maxConcurrent` at once to the endpoint, and commits each attempt's
/// result: delivered, retried on the schedule (a 429 or 503 `Retry-After` is honoured),
/// dead after the last attempt, or parked when the endpoint responded with 410 Gone, which disables
/// it until `imgpipe webhooks enable URL`. Deliveries still pending when the process ends
/// are sent by the next run of the pipeline, by `resume` or by `imgpipe webhooks retry`.
final class WebhookOutbox: Sendable {
    private struct State {
        /// Deliveries this process took on, so that a notification queued again is not sent twice.
        var scheduled: Set<String> = []
        /// Deliveries neither delivered, dead nor parked yet.
        var outstanding: Set<String> = []
        /// Deliveries waiting for a disabled endpoint.
        var parked = 0
        var endpointDisabled = false
        var deadItems: [RunSummary.FailedItem] = []
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        var cancelledWaiters: Set<UUID> = []
    }

    let sender: WebhookSender
    let schedule: DeliverySchedule
    private let limiter: AsyncLimiter
    private let state = Mutex(State())
    private let incoming = Link<WebhookDeliveryRecord>(capacity: 1024)
    private let worker = Mutex<Task<Void, Never>?>(nil)

    init(sender: WebhookSender, schedule: DeliverySchedule, maxConcurrent: Int) {
        self.sender = sender
        self.schedule = schedule
        self.limiter = AsyncLimiter(limit: maxConcurrent)
    }

    /// Starts the worker and takes on the deliveries earlier processes left pending for this
    /// pipeline and endpoint.
    func start(_ run: RunContext) async throws {
        let url = sender.url.absoluteString
        let disabled = try await run.eventLog.disabledWebhookEndpoints().contains { $0.url == url }
        state.withLock { $0.endpointDisabled = disabled }
        if disabled {
            run.logger.warning("webhook endpoint disabled after HTTP 410, deliveries stay pending", ["url": URLRedaction.redact(url)])
        }

        let task = Task { await self.work(run) }
        worker.withLock { $0 = task }
        let pending = try await run.eventLog.webhookDeliveries(status: WebhookDeliveryRecord.pending, url: url, pipeline: run.definition.name)
        for record in pending {
            try await take(record)
        }
        if !pending.isEmpty {
            run.logger.info("sending webhook deliveries left pending", ["run": run.runID.rawValue, "count": "\(pending.count)"])
        }
    }

    /// Commits a notification to the outbox, then hands it to the worker; returns the stored
    /// delivery, which is the earlier one when this id was queued before.
    func enqueue(id: String, item: String?, eventType: String, body: Data, in run: RunContext) async throws -> WebhookDeliveryRecord {
        let record = try await run.eventLog.enqueueWebhook(
            id: id, run: run.runID, item: item, pipeline: run.definition.name,
            url: sender.url.absoluteString, eventType: eventType, body: String(decoding: body, as: UTF8.self)
        )
        if record.status == WebhookDeliveryRecord.pending {
            try await take(record)
        }
        return record
    }

    /// Waits up to `timeout` until no delivery is outstanding; returns how many are still
    /// pending (outstanding or waiting for a disabled endpoint).
    func waitForDeliveries(timeout: Duration) async -> Int {
        if timeout > .zero {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.untilIdle() }
                group.addTask { try? await Task.sleep(for: timeout) }
                await group.next()
                group.cancelAll()
            }
        }
        return pendingCount
    }

    var pendingCount: Int {
        state.withLock { $0.outstanding.count + $0.parked }
    }

    /// Items of this process whose notification was dead-lettered, which count as failed.
    var deadItems: [RunSummary.FailedItem] {
        state.withLock { $0.deadItems }
    }

    /// Stops the worker; deliveries not finished stay pending in the log for a later run.
    func stop() async {
        incoming.finish()
        let task = worker.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    private func take(_ record: WebhookDeliveryRecord) async throws {
        let isNew = state.withLock { state -> Bool in
            guard state.scheduled.insert(record.id).inserted else { return false }
            state.outstanding.insert(record.id)
            return true
        }
        if isNew {
            try await incoming.send(record)
        }
    }

    private func work(_ run: RunContext) async {
        await withTaskGroup(of: Void.self) { group in
            for await record in incoming {
                group.addTask { await self.deliver(record, run: run) }
            }
        }
    }

    /// Sends one delivery until it is delivered, dead or parked, or the worker is cancelled.
    private func deliver(_ record: WebhookDeliveryRecord, run: RunContext) async {
        var attempt = record.attempts
        var due = record.nextAttemptAt
        let body = Data(record.body.utf8)

        while !Task.isCancelled {
            let wait = due.timeIntervalSinceNow
            if wait > 0 {
                guard (try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))) != nil else { return }
            }
            guard !state.withLock({ $0.endpointDisabled }) else {
                settle(record.id, parked: true)
                return
            }

            attempt += 1
            guard let response = try? await limiter.withPermit({ try await sender.attempt(id: record.id, body: body) }) else { return }
            let result = outcome(of: response, attempt: attempt)
            await commit(result, of: record, attempt: attempt, run: run)

            switch result {
            case .delivered:
                settle(record.id)
                return
            case .dead(_, let error):
                if let item = record.itemID, record.runID == run.runID {
                    state.withLock { $0.deadItems.append(.init(item: item, path: "", stage: StageType.notify.rawValue, error: error)) }
                }
                settle(record.id)
                return
            case .endpointGone:
                state.withLock { $0.endpointDisabled = true }
                settle(record.id, parked: true)
                return
            case .retrying(_, _, let retryAt):
                due = retryAt
            }
        }
    }

    private func outcome(of response: WebhookSender.Response, attempt: Int) -> WebhookAttemptResult {
        if response.isSuccess, let status = response.status {
            return .delivered(status: status)
        }
        if response.status == 410 {
            return .endpointGone(status: 410)
        }
        let error = response.error ?? "webhook delivery failed"
        guard attempt < schedule.maxAttempts else {
            return .dead(status: response.status, error: error)
        }
        var delay = schedule.delay(afterAttempt: attempt)
        if let requested = response.retryAfter, response.status == 429 || response.status == 503 {
            delay = max(delay, requested)
        }
        return .retrying(status: response.status, error: error, retryAt: Date().addingTimeInterval(delay.seconds))
    }

    private func commit(_ result: WebhookAttemptResult, of record: WebhookDeliveryRecord, attempt: Int, run: RunContext) async {
        let runID = record.runID.rawValue
        do {
            try await run.eventLog.recordWebhookAttempt(record, attempt: attempt, result: result)
        } catch {
            run.logger.error("could not record a webhook attempt", ["run": runID, "webhook_id": record.id, "error": "\(error)"])
        }
        run.webhookAttempts.increment(result.metricLabel)
        switch result {
        case .delivered:
            run.logger.debug("webhook delivered", ["run": runID, "webhook_id": record.id, "attempt": "\(attempt)"])
        case .retrying(_, let error, _):
            run.logger.info("webhook attempt failed, retrying later", ["run": runID, "webhook_id": record.id, "attempt": "\(attempt)", "error": error])
        case .dead(_, let error):
            run.logger.error("webhook dead-lettered after its last attempt", ["run": runID, "webhook_id": record.id, "attempt": "\(attempt)", "error": error])
        case .endpointGone:
            run.logger.warning("webhook endpoint answered 410 Gone and is disabled; enable it with 'imgpipe webhooks enable URL'", [
                "run": runID, "webhook_id": record.id, "url": URLRedaction.redact(record.url),
            ])
        }
    }

    private func settle(_ id: String, parked: Bool = false) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.outstanding.remove(id)
            if parked { state.parked += 1 }
            guard state.outstanding.isEmpty else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    private func untilIdle() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.outstanding.isEmpty || state.cancelledWaiters.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelledWaiters.insert(id)
                return nil
            }
            waiter?.resume()
        }
    }
}

extension WebhookAttemptResult {
    /// The `result` label of the attempt in `imgpipe_webhook_attempts_total`.
    var metricLabel: String {
        switch self {
        case .delivered: "delivered"
        case .retrying: "retry"
        case .dead: "failed"
        case .endpointGone: "gone"
        }
    }
}
