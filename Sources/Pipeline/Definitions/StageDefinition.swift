/// One entry of a definition's `stages:` list, validated and with defaults applied.
public struct StageDefinition: Sendable {
    public let type: StageType
    public let position: SourcePosition
    /// Items this stage works on at once.
    public let concurrency: Int
    /// Items that may wait in the link in front of this stage.
    public let capacity: Int
    public let retry: RetryPolicy
    /// The stage-specific options, with declared defaults filled in.
    public let options: StageOptions

    public init(
        type: StageType,
        position: SourcePosition,
        concurrency: Int,
        capacity: Int,
        retry: RetryPolicy,
        options: StageOptions
    ) {
        self.type = type
        self.position = position
        self.concurrency = concurrency
        self.capacity = capacity
        self.retry = retry
        self.options = options
    }
}
