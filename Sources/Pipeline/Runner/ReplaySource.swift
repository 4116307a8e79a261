/// The source of a replay: it discovers no new files, and reports the items whose source
/// file is gone as problems, so that each fails with its message.
public struct ReplaySource: SourceStage {
    public let type = StageType.ingest
    let missing: [(path: String, message: String)]

    public init(missing: [(path: String, message: String)]) {
        self.missing = missing
    }

    public func discover(in run: RunContext, emit: @Sendable (Discovery) async throws -> Void) async throws {
        for (path, message) in missing {
            try await emit(.problem(path: path, message: message))
        }
    }
}
