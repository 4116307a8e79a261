/// The kinds of stage a pipeline definition can name in `type:`, in the order they usually run.
public enum StageType: String, Sendable, CaseIterable, Codable {
    case ingest
    case metadata
    case resize
    case authenticate
    case upload
    case notify
}
