import Foundation

/// An item that failed after all its attempts and was neither retried later nor dismissed.
public struct DeadLetter: Sendable {
    public let runID: RunID
    public let itemID: String
    /// The stage where the item failed last.
    public let stage: String?
    /// The source file, or nil when `gc` removed the event's payload.
    public let path: String?
    public let error: String?
    public let attempts: Int64?
    public let failedAt: Date

    /// The identifier `failed dismiss` takes: the run id and the item id, joined by `/`.
    public var id: String {
        "\(runID.rawValue)/\(itemID)"
    }
}
