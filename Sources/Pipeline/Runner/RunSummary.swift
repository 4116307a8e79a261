import Foundation

/// The counts a run ends with, printed at the end and stored with the run.
public struct RunSummary: Sendable, Codable {
    public var runID: String
    public var pipeline: String
    public var done: Int
    public var failed: Int
    public var skipped: Int
    /// Items still in flight when an interrupted run stopped; a resume takes them up.
    public var unfinished: Int
    /// Webhook deliveries still pending when the run ended; they do not fail the run.
    public var webhooksPending = 0
    public var durationSeconds: Double
    public var status: String
    public var failures: [FailedItem]

    public struct FailedItem: Sendable, Codable {
        public var item: String
        public var path: String
        public var stage: String
        public var error: String

        public init(item: String, path: String, stage: String, error: String) {
            self.item = item
            self.path = path
            self.stage = stage
            self.error = error
        }
    }

    public var itemsPerSecond: Double {
        durationSeconds > 0 ? Double(done + failed + skipped) / durationSeconds : 0
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", pipeline, done, failed, skipped, unfinished, webhooksPending = "webhooks_pending"
        case durationSeconds = "duration_seconds", status, failures
        case itemsPerSecond = "items_per_second"
    }

    public init(runID: String, pipeline: String, done: Int, failed: Int, skipped: Int, unfinished: Int, durationSeconds: Double, status: String, failures: [FailedItem]) {
        self.runID = runID
        self.pipeline = pipeline
        self.done = done
        self.failed = failed
        self.skipped = skipped
        self.unfinished = unfinished
        self.durationSeconds = durationSeconds
        self.status = status
        self.failures = failures
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        runID = try container.decode(String.self, forKey: .runID)
        pipeline = try container.decode(String.self, forKey: .pipeline)
        done = try container.decode(Int.self, forKey: .done)
        failed = try container.decode(Int.self, forKey: .failed)
        skipped = try container.decode(Int.self, forKey: .skipped)
        unfinished = try container.decode(Int.self, forKey: .unfinished)
        webhooksPending = try container.decodeIfPresent(Int.self, forKey: .webhooksPending) ?? 0
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        status = try container.decode(String.self, forKey: .status)
        failures = try container.decode([FailedItem].self, forKey: .failures)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runID, forKey: .runID)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(done, forKey: .done)
        try container.encode(failed, forKey: .failed)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(unfinished, forKey: .unfinished)
        try container.encode(webhooksPending, forKey: .webhooksPending)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(itemsPerSecond, forKey: .itemsPerSecond)
        try container.encode(status, forKey: .status)
        try container.encode(failures, forKey: .failures)
    }

    /// The summary as an event-log payload.
    public var payload: [String: JSONValue] {
        [
            "done": .integer(Int64(done)),
            "failed": .integer(Int64(failed)),
            "skipped": .integer(Int64(skipped)),
            "unfinished": .integer(Int64(unfinished)),
            "webhooks_pending": .integer(Int64(webhooksPending)),
            "duration_seconds": .double(durationSeconds),
            "status": .string(status),
        ]
    }
}
