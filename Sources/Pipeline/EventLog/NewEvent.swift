/// An event to append to the log. The log assigns its sequence number and time.
public struct NewEvent: Sendable {
    public var runID: RunID
    /// The item the event is about, or nil for events about the whole run.
    public var itemID: String?
    /// The stage that produced the event, or nil for events outside any stage.
    public var stage: String?
    /// The kind of event, such as `item.discovered`, `stage.started`, `stage.finished`,
    /// `item.failed`, `item.skipped`, `run.started` or `run.finished`.
    public var type: String
    public var payload: [String: JSONValue]

    public init(
        runID: RunID, itemID: String? = nil, stage: String? = nil, type: String,
        payload: [String: JSONValue] = [:]
    ) {
        self.runID = runID
        self.itemID = itemID
        self.stage = stage
        self.type = type
        self.payload = payload
    }
}
