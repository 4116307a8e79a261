/// The Imgur identity an item is uploaded under, as a name: tokens stay in the session
/// registry and never travel with items or reach the event log.
public enum AccountReference: Sendable, Hashable, CustomStringConvertible {
    case named(String)
    case anonymous

    public var description: String {
        switch self {
        case .named(let name): name
        case .anonymous: "anonymous"
        }
    }
}
