import Foundation

/// What every stage of one run shares: its id, definition, event log, folders and settings.
public final class RunContext: Sendable {
    public let runID: RunID
    public let definition: PipelineDefinition
    public let eventLog: EventLog
    /// This run's folder for prepared files, under the state directory's `work/`.
    public let workDirectory: String
    public let environment: [String: String]
    public let logger: Logger
    public let options: RunOptions
    /// Webhook delivery attempts of this run's notify stage by result: `delivered`, `retry`,
    /// `failed` (dead-lettered after the last attempt) or `gone` (HTTP 410).
    public let webhookAttempts = ResultCounter()

    public init(
        runID: RunID,
        definition: PipelineDefinition,
        eventLog: EventLog,
        workDirectory: String,
        environment: [String: String],
        logger: Logger,
        options: RunOptions
    ) {
        self.runID = runID
        self.definition = definition
        self.eventLog = eventLog
        self.workDirectory = workDirectory
        self.environment = environment
        self.logger = logger
        self.options = options
    }

    /// How long items in flight may take to finish after a stop request: the command line's
    /// value, else the definition's `shutdown_timeout`.
    public var drainTimeout: Duration {
        options.drainTimeout ?? definition.shutdownTimeout
    }

    /// Appends one event of this run and returns once it is committed.
    public func record(_ type: String, item: String? = nil, stage: StageType? = nil, _ payload: [String: JSONValue] = [:]) async throws {
        try await eventLog.append([event(type, item: item, stage: stage, payload)])
    }

    /// Makes an event of this run, for callers that append several at once.
    public func event(_ type: String, item: String? = nil, stage: StageType? = nil, _ payload: [String: JSONValue] = [:]) -> NewEvent {
        NewEvent(runID: runID, itemID: item, stage: stage?.rawValue, type: type, payload: payload)
    }
}

/// Settings of one run that come from the command line rather than the definition.
public struct RunOptions: Sendable {
    /// Upload content again even when it was uploaded before.
    public var force: Bool
    /// How long in-flight items may take to finish after SIGINT or SIGTERM; nil takes the
    /// definition's `shutdown_timeout`.
    public var drainTimeout: Duration?

    public init(force: Bool = false, drainTimeout: Duration? = nil) {
        self.force = force
        self.drainTimeout = drainTimeout
    }
}
