import Foundation

/// An event as stored in the log.
public struct LoggedEvent: Sendable, Codable {
    /// The position in the log, increasing in commit order across all runs.
    public let sequence: Int64
    public let runID: RunID
    public let itemID: String?
    public let stage: String?
    public let type: String
    public let payload: [String: JSONValue]
    /// The time `append` was called, to the millisecond.
    public let time: Date

    public init(
        sequence: Int64, runID: RunID, itemID: String?, stage: String?, type: String,
        payload: [String: JSONValue], time: Date
    ) {
        self.sequence = sequence
        self.runID = runID
        self.itemID = itemID
        self.stage = stage
        self.type = type
        self.payload = payload
        self.time = time
    }
}
