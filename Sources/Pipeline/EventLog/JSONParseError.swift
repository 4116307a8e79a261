/// Invalid JSON text: what was expected and at which byte offset.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The zero-based byte offset in the UTF-8 text where parsing stopped.
    public let offset: Int
    public let reason: String

    public var description: String {
        "Invalid JSON at byte \(offset): \(reason)"
    }
}
