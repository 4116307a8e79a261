/// A text with `{placeholder}`s filled per item, such as an upload's `title: "{stem}"`.
public struct Template: Sendable, Hashable {
    /// The placeholders a template may use.
    public static let placeholders = ["filename", "stem", "width", "height", "sha256", "run_id", "index"]

    /// A problem in a template's text, with the offset in characters where it starts.
    public struct Problem: Error, Sendable, Hashable {
        public let message: String
        public let offset: Int
    }

    public let text: String

    /// Checks that every `{...}` in `text` names a known placeholder.
    public init(_ text: String) throws(Problem) {
        try Self.forEachPart(of: text) { _ in }
        self.text = text
    }

    /// Returns the text with each placeholder replaced by its value in `values`, or by an
    /// empty string when `values` has none.
    public func render(_ values: [String: String]) -> String {
        var output = ""
        // The text was checked in init, so the closure sees only valid parts.
        try? Self.forEachPart(of: text) { part in
            switch part {
            case .literal(let literal): output += literal
            case .placeholder(let name): output += values[name] ?? ""
            }
        }
        return output
    }

    private enum Part {
        case literal(String)
        case placeholder(String)
    }

    private static func forEachPart(of text: String, _ body: (Part) -> Void) throws(Problem) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            body(.literal(String(rest[..<open])))
            let offset = text.distance(from: text.startIndex, to: open)
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw Problem(message: "'{' at character \(offset + 1) is not closed by '}'", offset: offset)
            }

            let name = String(rest[rest.index(after: open)..<close])
            guard placeholders.contains(name) else {
                let known = placeholders.map { "{\($0)}" }.joined(separator: ", ")
                throw Problem(message: "unknown placeholder '{\(name)}'\(Suggestion.didYouMean(name, among: placeholders, format: { "{\($0)}" })); use one of \(known)", offset: offset)
            }
            body(.placeholder(name))
            rest = rest[rest.index(after: close)...]
        }
        body(.literal(String(rest)))
    }
}
