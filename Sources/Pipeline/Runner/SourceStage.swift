/// The first stage of a pipeline: it finds the files a run works on.
public protocol SourceStage: Sendable {
    var type: StageType { get }

    /// Reports each file in a stable order through `emit`, which suspends while the next
    /// stage is behind. Problems with single files are reported through `emit` too and
    /// never end the discovery.
    func discover(in run: RunContext, emit: @Sendable (Discovery) async throws -> Void) async throws

    /// Deals with the source file of an item that succeeded or was skipped, after the item's
    /// last event is committed (ingest's `after: move` or `delete`). Never called for
    /// failed items. Problems are logged, not thrown, because the item is already done.
    func settle(_ item: Item, in run: RunContext) async

    /// Makes a `discover` that waits for new files (a watching ingest) return soon, because
    /// the run is stopping. A source that ends by itself needs nothing here.
    func stopIntake()
}

extension SourceStage {
    public func settle(_ item: Item, in run: RunContext) async {}
    public func stopIntake() {}
}

/// One finding of a source stage.
public enum Discovery: Sendable {
    case file(path: String, sha256: String, byteSize: Int64)
    /// A file that cannot be taken (unreadable, a symlink loop), with the reason.
    case problem(path: String, message: String)
}
