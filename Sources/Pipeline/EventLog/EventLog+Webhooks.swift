import Foundation
import SQLite

/// The webhook outbox: every notification is written here, with a `webhook.queued` event,
/// before its first attempt, and each attempt's result is committed with its event.
extension EventLog {
    /// Writes a pending delivery and its `webhook.queued` event in one transaction, unless a
    /// delivery with this id exists (a resumed run notifying the same item again). Returns the
    /// stored delivery, new or earlier.
    public func enqueueWebhook(
        id: String, run: RunID, item: String?, pipeline: String, url: String, eventType: String, body: String
    ) async throws -> WebhookDeliveryRecord {
        let now = Date().millisecondsSince1970
        let queued = NewEvent(runID: run, itemID: item, stage: StageType.notify.rawValue, type: "webhook.queued", payload: [
            "webhook_id": .string(id), "event_type": .string(eventType), "url": .string(URLRedaction.redact(url)),
        ])

        try await writer.perform { database in
            try database.execute(
                """
                INSERT OR IGNORE INTO webhook_deliveries
                    (id, run_id, item_id, pipeline, url, event_type, body, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """,
                [.text(id), .text(run.rawValue), SQLiteValue(item), .text(pipeline), .text(url), .text(eventType),
                 .text(body), .text(WebhookDeliveryRecord.pending), .integer(now), .integer(now)]
            )
            if database.changes > 0 {
                try Self.insert([queued], time: now, into: database)
            }
        }
        guard let stored = try await webhookDelivery(id) else {
            throw EventLogError.invalidStoredJSON(path: path, detail: "webhook delivery \(id) is missing right after it was written")
        }
        return stored
    }

    /// Commits one attempt's result on the delivery and its event (`webhook.delivered`,
    /// `webhook.attempt_failed`, `webhook.dead` or `webhook.endpoint_disabled`) together.
    public func recordWebhookAttempt(_ delivery: WebhookDeliveryRecord, attempt: Int, result: WebhookAttemptResult) async throws {
        let now = Date().millisecondsSince1970
        var payload: [String: JSONValue] = [
            "webhook_id": .string(delivery.id), "event_type": .string(delivery.eventType),
            "url": .string(URLRedaction.redact(delivery.url)), "attempt": .integer(Int64(attempt)),
        ]
        let update = Self.attemptUpdate(result, now: now, payload: &payload)
        let event = NewEvent(runID: delivery.runID, itemID: delivery.itemID, stage: StageType.notify.rawValue, type: update.eventType, payload: payload)

        try await writer.perform { database in
            try database.execute(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, finished_at = ? WHERE id = ?",
                [.text(update.status), .integer(Int64(attempt)), .integer(update.nextAttemptAt ?? now), SQLiteValue(update.httpStatus.map(Int64.init)),
                 SQLiteValue(update.error), SQLiteValue(update.finished ? now : nil), .text(delivery.id)]
            )
            if case .endpointGone = result {
                try database.execute(
                    "INSERT OR REPLACE INTO webhook_endpoints (url, disabled_at, reason) VALUES (?, ?, ?)",
                    [.text(delivery.url), .integer(now), .text("answered HTTP 410 Gone to webhook \(delivery.id)")]
                )
            }
            try Self.insert([event], time: now, into: database)
        }
    }

    private struct AttemptUpdate {
        var status: String
        var eventType: String
        var httpStatus: Int?
        var error: String?
        var nextAttemptAt: Int64?
        var finished: Bool
    }

    private static func attemptUpdate(_ result: WebhookAttemptResult, now: Int64, payload: inout [String: JSONValue]) -> AttemptUpdate {
        switch result {
        case .delivered(let status):
            payload["status"] = .integer(Int64(status))
            return AttemptUpdate(status: WebhookDeliveryRecord.delivered, eventType: "webhook.delivered", httpStatus: status, finished: true)
        case .retrying(let status, let error, let retryAt):
            payload["status"] = status.map { .integer(Int64($0)) } ?? .null
            payload["error"] = .string(error)
            payload["retry_at_ms"] = .integer(retryAt.millisecondsSince1970)
            return AttemptUpdate(
                status: WebhookDeliveryRecord.pending, eventType: "webhook.attempt_failed", httpStatus: status,
                error: error, nextAttemptAt: retryAt.millisecondsSince1970, finished: false
            )
        case .dead(let status, let error):
            payload["status"] = status.map { .integer(Int64($0)) } ?? .null
            payload["error"] = .string(error)
            return AttemptUpdate(status: WebhookDeliveryRecord.dead, eventType: "webhook.dead", httpStatus: status, error: error, finished: true)
        case .endpointGone(let status):
            payload["status"] = .integer(Int64(status))
            return AttemptUpdate(
                status: WebhookDeliveryRecord.pending, eventType: "webhook.endpoint_disabled", httpStatus: status,
                error: "the endpoint answered HTTP \(status) Gone", finished: false
            )
        }
    }

    /// Returns delivery `id`, or nil.
    public func webhookDelivery(_ id: String) async throws -> WebhookDeliveryRecord? {
        try await reader.read { database in
            try database.query(
                "SELECT \(WebhookDeliveryRecord.columns) FROM webhook_deliveries WHERE id = ?", [.text(id)]
            ) { try WebhookDeliveryRecord.decode($0) }.first
        }
    }

    /// Returns deliveries oldest first, filtered by the arguments that are given.
    public func webhookDeliveries(status: String? = nil, url: String? = nil, pipeline: String? = nil) async throws -> [WebhookDeliveryRecord] {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        for (column, value) in [("status", status), ("url", url), ("pipeline", pipeline)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            values.append(.text(value))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(WebhookDeliveryRecord.columns) FROM webhook_deliveries \(filter) ORDER BY created_at, id"

        return try await reader.read { [values] database in
            try database.query(sql, values) { try WebhookDeliveryRecord.decode($0) }
        }
    }

    /// Makes the given deliveries pending again, due now and with a fresh schedule; with no
    /// ids, every dead delivery. Delivered ones are left alone. Returns how many changed.
    public func requeueWebhooks(_ ids: [String]) async throws -> Int {
        let now = Date().millisecondsSince1970
        return try await changeWebhooks(ids, allowed: [WebhookDeliveryRecord.dead, WebhookDeliveryRecord.dismissed, WebhookDeliveryRecord.pending],
                                        defaultStatus: WebhookDeliveryRecord.dead) { database, id in
            try database.execute(
                "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE id = ?",
                [.integer(now), .text(id)]
            )
        }
    }

    /// Sets the given pending or dead deliveries aside so that nothing sends them. Returns
    /// how many changed.
    public func dismissWebhooks(_ ids: [String]) async throws -> Int {
        let now = Date().millisecondsSince1970
        return try await changeWebhooks(ids, allowed: [WebhookDeliveryRecord.dead, WebhookDeliveryRecord.pending], defaultStatus: nil) { database, id in
            try database.execute(
                "UPDATE webhook_deliveries SET status = 'dismissed', finished_at = ? WHERE id = ?", [.integer(now), .text(id)]
            )
        }
    }

    private func changeWebhooks(
        _ ids: [String], allowed: Set<String>, defaultStatus: String?,
        _ change: @escaping @Sendable (Database, String) throws -> Void
    ) async throws -> Int {
        let targets: [String]
        if ids.isEmpty, let defaultStatus {
            targets = try await webhookDeliveries(status: defaultStatus).map(\.id)
        } else {
            targets = ids
        }
        let counter = ChangeCounter()
        try await writer.perform { database in
            // The writer may run this closure again after SQLite dropped its batch, so the
            // count is set from this run alone.
            var changed = 0
            for id in targets {
                let status = try database.query("SELECT status FROM webhook_deliveries WHERE id = ?", [.text(id)]) { try $0.text(at: 0) }.first ?? nil
                guard let status, allowed.contains(status) else { continue }
                try change(database, id)
                changed += database.changes
            }
            counter.set(changed)
        }
        return counter.value
    }

    /// Returns the endpoints disabled by a 410 Gone response.
    public func disabledWebhookEndpoints() async throws -> [DisabledEndpoint] {
        try await reader.read { database in
            try database.query("SELECT url, disabled_at, reason FROM webhook_endpoints ORDER BY url", []) { row in
                DisabledEndpoint(
                    url: try row.text(at: 0) ?? "",
                    disabledAt: Date(millisecondsSince1970: try row.int64(at: 1)),
                    reason: try row.text(at: 2) ?? ""
                )
            }
        }
    }

    /// Enables an endpoint disabled by a 410 response, given as stored or as `webhooks list`
    /// shows it, with its credentials redacted. Returns false when no disabled endpoint matches.
    public func enableWebhookEndpoint(_ url: String) async throws -> Bool {
        let matching = try await disabledWebhookEndpoints()
            .map(\.url)
            .filter { $0 == url || URLRedaction.redact($0) == url }
        let counter = ChangeCounter()
        try await writer.perform { database in
            for stored in matching {
                try database.execute("DELETE FROM webhook_endpoints WHERE url = ?", [.text(stored)])
                counter.add(database.changes)
            }
        }
        return counter.value > 0
    }
}

/// Carries a count out of a write closure, which runs on the writer thread.
private final class ChangeCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.withLock { count }
    }

    func set(_ changes: Int) {
        lock.withLock { count = changes }
    }

    func add(_ changes: Int) {
        lock.withLock { count += changes }
    }
}
