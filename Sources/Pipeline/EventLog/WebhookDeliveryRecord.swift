import Foundation
import SQLite

/// One webhook notification in the outbox: written before its first attempt, with the stable
/// `webhook-id` every attempt carries.
public struct WebhookDeliveryRecord: Sendable, Codable {
    /// The `webhook-id` header value, the same for every attempt.
    public let id: String
    public let runID: RunID
    /// The item the notification is about, or nil for `run.completed`.
    public let itemID: String?
    public let pipeline: String
    public let url: String
    public let eventType: String
    /// The JSON document sent as the request body.
    public let body: String
    /// One of `pending`, `delivered`, `dead` or `dismissed`.
    public let status: String
    public let attempts: Int
    /// When the next attempt is due; meaningful while `pending`.
    public let nextAttemptAt: Date
    /// The HTTP status of the last attempt, or nil when it got no response.
    public let lastStatus: Int?
    public let lastError: String?
    public let createdAt: Date
    public let finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, runID = "run_id", itemID = "item_id", pipeline, url, eventType = "event_type", body, status, attempts
        case nextAttemptAt = "next_attempt_at", lastStatus = "last_status", lastError = "last_error"
        case createdAt = "created_at", finishedAt = "finished_at"
    }

    /// Encodes the record for output, with the URL's credentials redacted.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(runID, forKey: .runID)
        try container.encode(itemID, forKey: .itemID)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(URLRedaction.redact(url), forKey: .url)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(body, forKey: .body)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastStatus, forKey: .lastStatus)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }
}

extension WebhookDeliveryRecord {
    public static let pending = "pending"
    public static let delivered = "delivered"
    /// Gave up after the last attempt of the schedule; `webhooks retry` sends it again.
    public static let dead = "dead"
    /// Set aside by `webhooks dismiss`; never sent again unless retried.
    public static let dismissed = "dismissed"

    static let columns =
        "id, run_id, item_id, pipeline, url, event_type, body, status, attempts, next_attempt_at, last_status, last_error, created_at, finished_at"

    static func decode(_ row: Statement) throws -> WebhookDeliveryRecord {
        WebhookDeliveryRecord(
            id: try row.text(at: 0) ?? "",
            runID: RunID(rawValue: try row.text(at: 1) ?? ""),
            itemID: try row.text(at: 2),
            pipeline: try row.text(at: 3) ?? "",
            url: try row.text(at: 4) ?? "",
            eventType: try row.text(at: 5) ?? "",
            body: try row.text(at: 6) ?? "",
            status: try row.text(at: 7) ?? "",
            attempts: Int(try row.int64(at: 8)),
            nextAttemptAt: Date(millisecondsSince1970: try row.int64(at: 9)),
            lastStatus: try row.optionalInt64(at: 10).map(Int.init),
            lastError: try row.text(at: 11),
            createdAt: Date(millisecondsSince1970: try row.int64(at: 12)),
            finishedAt: try row.optionalInt64(at: 13).map(Date.init(millisecondsSince1970:))
        )
    }
}

/// An endpoint that responded with 410 Gone: nothing is sent to it until `webhooks enable URL`.
public struct DisabledEndpoint: Sendable, Codable {
    public let url: String
    public let disabledAt: Date
    public let reason: String

    enum CodingKeys: String, CodingKey {
        case url, disabledAt = "disabled_at", reason
    }

    /// Encodes the endpoint for output, with the URL's credentials redacted.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(URLRedaction.redact(url), forKey: .url)
        try container.encode(disabledAt, forKey: .disabledAt)
        try container.encode(reason, forKey: .reason)
    }
}

/// The result of one delivery attempt, as the outbox records it.
public enum WebhookAttemptResult: Sendable {
    case delivered(status: Int)
    /// Failed; the delivery stays pending until `retryAt`.
    case retrying(status: Int?, error: String, retryAt: Date)
    /// Failed on the last attempt of the schedule.
    case dead(status: Int?, error: String)
    /// The endpoint responded with 410 Gone: it is disabled and the delivery stays pending.
    case endpointGone(status: Int)
}
