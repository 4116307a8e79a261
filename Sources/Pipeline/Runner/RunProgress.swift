/// A snapshot of a run's counts, for the progress line and for metrics.
public struct RunProgress: Sendable {
    public var discovered = 0
    public var done = 0
    public var failed = 0
    public var skipped = 0
    public var unfinished = 0
    /// Items each stage is working on now, by stage type name.
    public var inStage: [String: Int] = [:]
    public var failures: [RunSummary.FailedItem] = []

    public var finished: Int { done + failed + skipped }
}
