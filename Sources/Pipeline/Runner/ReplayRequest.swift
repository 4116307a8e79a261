/// Which items of an earlier run `imgpipe replay` runs again, and from which stage.
public struct ReplayRequest: Sendable {
    public let original: RunID
    /// The stage the items enter; the stages before it keep their logged outputs.
    public let stage: StageType
    /// Only this item, when given.
    public let itemID: String?
    /// Only items that failed, when true.
    public let failedOnly: Bool

    public init(original: RunID, stage: StageType, itemID: String?, failedOnly: Bool) {
        self.original = original
        self.stage = stage
        self.itemID = itemID
        self.failedOnly = failedOnly
    }
}
