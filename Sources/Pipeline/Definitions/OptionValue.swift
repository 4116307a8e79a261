/// A typed value of a stage option after validation against its declaration.
public enum OptionValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case duration(Duration)
    /// A byte count; `10MB` is 10,000,000 and `10MiB` is 10,485,760.
    case size(Int64)
    case strings([String])
    /// A small mapping such as `album: {create: TITLE}` or `after: {move: DIR}`.
    case mapping([String: String])
}
