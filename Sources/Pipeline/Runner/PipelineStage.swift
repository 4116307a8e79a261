/// A stage that takes items one at a time: metadata, resize, authenticate, upload, notify.
///
/// The runner calls `prepare` once before any item flows (a stage that can fail the whole run,
/// such as sign-in, fails there), `process` for each item from up to `concurrency` tasks at
/// once, and `complete` once after the last item.
public protocol PipelineStage: Sendable {
    var type: StageType { get }
    /// Whether items that failed in an earlier stage are still handed to this one, so that it
    /// can report them (the notify stage sends `image.failed`).
    var receivesFailedItems: Bool { get }
    /// Whether `process` changes something outside this process (an upload, a webhook), so
    /// that the runner commits the item's claim before calling it.
    var hasSideEffects: Bool { get }

    func prepare(_ run: RunContext) async throws
    func process(_ item: Item, in run: RunContext) async throws -> StageOutcome
    func complete(_ run: RunContext, summary: RunSummary) async

    /// Waits for work the stage still does after its items left it (webhook deliveries), up
    /// to its own limit, or not at all when `interrupted`; called once before the summary.
    func awaitBackgroundWork(_ run: RunContext, interrupted: Bool) async -> BackgroundWork
}

/// What a stage's background work left when the run ended.
public struct BackgroundWork: Sendable {
    /// Webhook deliveries still pending, sent by a later run, `resume` or `webhooks retry`.
    public var pendingDeliveries = 0
    /// Items whose notification was dead-lettered after its last attempt: they count as failed.
    public var failedItems: [RunSummary.FailedItem] = []

    public init(pendingDeliveries: Int = 0, failedItems: [RunSummary.FailedItem] = []) {
        self.pendingDeliveries = pendingDeliveries
        self.failedItems = failedItems
    }
}

extension PipelineStage {
    public var receivesFailedItems: Bool { false }

    public var hasSideEffects: Bool { false }

    public func prepare(_ run: RunContext) async throws {}

    public func complete(_ run: RunContext, summary: RunSummary) async {}

    public func awaitBackgroundWork(_ run: RunContext, interrupted: Bool) async -> BackgroundWork {
        BackgroundWork()
    }
}

/// The result of a stage for one item.
public enum StageOutcome: Sendable {
    /// The item goes on; `output` is recorded in the stage's `stage.finished` event.
    case next(Item, output: [String: JSONValue])
    /// The item stops here without failing, for the reason given.
    case skipped(Item, reason: String, details: [String: JSONValue])
}
