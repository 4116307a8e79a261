/// The type of value a stage option accepts, which decides how it is read and checked.
public enum OptionKind: Sendable, Hashable {
    case string
    /// A path; a leading `~` is replaced by the home directory.
    case path
    /// A string with `{placeholder}`s from `Template.placeholders`.
    case template
    /// An absolute `http` or `https` URL.
    case url
    /// A Standard Webhooks secret: `whsec_` and base64 of 24 to 64 bytes, or the base64 part alone.
    case webhookSecret
    case boolean
    /// An integer within `range`.
    case integer(ClosedRange<Int>)
    /// A duration such as `500ms`, `2s`, `5m` or `1h`; zero is accepted only when `allowsZero`.
    case duration(allowsZero: Bool)
    /// A byte count such as `10MB` (10^6 multiples), `10MiB` (2^20 multiples) or a bare number.
    case size
    case strings
    /// One of fixed words.
    case choice([String])
    /// One of fixed words, or a one-key mapping `{key: VALUE}` whose value is a string.
    case choiceOrMapping([String], key: String, valueName: String)
    /// A string, or a one-key mapping `{key: VALUE}` whose value is a string.
    case stringOrMapping(valueName: String, key: String, mappingValueName: String)
    /// The shared `retry` mapping: `max_attempts`, `initial_delay`, `max_delay`.
    case retry

    /// The kind as the reference and help text show it.
    public var summary: String {
        switch self {
        case .string: "string"
        case .path: "path"
        case .template: "template"
        case .url: "http(s) URL"
        case .webhookSecret: "webhook secret"
        case .boolean: "boolean"
        case .integer(let range): Self.summary(of: range)
        case .duration: "duration"
        case .size: "size"
        case .strings: "list of strings"
        case .choice(let words): words.map { "`\($0)`" }.joined(separator: " \\| ")
        case .choiceOrMapping(let words, let key, let valueName):
            (words.map { "`\($0)`" } + ["`{\(key): \(valueName)}`"]).joined(separator: " \\| ")
        case .stringOrMapping(let valueName, let key, let mappingValueName):
            "\(valueName) \\| `{\(key): \(mappingValueName)}`"
        case .retry: "mapping"
        }
    }

    private static func summary(of range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max {
            return "integer >= \(range.lowerBound)"
        }
        return "integer \(range.lowerBound)...\(range.upperBound)"
    }
}
