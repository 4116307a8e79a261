import YAML

/// Builds a definition's `recordedText`: the file as written, with each literal value under a
/// key named `secret`, `token` or `password` replaced by `[redacted]`.
///
/// A value made only of `${VAR}` references is kept, because it names a variable and holds no
/// secret. A reference with a default, `${VAR:-x}`, is redacted since the default is literal.
enum Redactor {
    static let sensitiveKeys: Set<String> = ["secret", "token", "password"]
    static let replacement = "[redacted]"

    static func isSensitive(_ key: String) -> Bool {
        sensitiveKeys.contains(key.lowercased())
    }

    static func redact(_ source: SourceText, root: YAMLNode?) -> String {
        var ranges: [Range<Int>] = []
        if let root {
            collect(root, source: source, into: &ranges)
        }

        var scalars = source.scalars
        for range in ranges.sorted(by: { $0.lowerBound > $1.lowerBound }) {
            let clamped = range.clamped(to: 0..<scalars.count)
            scalars.replaceSubrange(clamped, with: replacement.unicodeScalars)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private static func collect(_ node: YAMLNode, source: SourceText, into ranges: inout [Range<Int>]) {
        switch node.content {
        case .scalar:
            return
        case .sequence(let items):
            items.forEach { collect($0, source: source, into: &ranges) }
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.scalar, isSensitive(key), let range = secretRange(pair.value, source: source) {
                    ranges.append(range)
                } else {
                    collect(pair.value, source: source, into: &ranges)
                }
            }
        }
    }

    /// The span to replace for a value under a sensitive key, or nil when it contains no literal.
    private static func secretRange(_ value: YAMLNode, source: SourceText) -> Range<Int>? {
        if case .scalar(let text, _) = value.content, value.isNull || isOnlyReferences(text) {
            return nil
        }

        // A block scalar's span ends after its last line break; keep the break so the next
        // key stays on its own line.
        var end = min(value.end.offset, source.scalars.count)
        while end > value.start.offset, source.scalars[end - 1].properties.isWhitespace {
            end -= 1
        }
        return value.start.offset..<end
    }

    private static func isOnlyReferences(_ text: String) -> Bool {
        var rest = Substring(text)
        guard !rest.isEmpty else { return false }
        while rest.hasPrefix("${"), let close = rest.firstIndex(of: "}") {
            let name = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
            guard !name.isEmpty, !name.contains(":"), !name.contains("$") else { return false }
            rest = rest[rest.index(after: close)...]
        }
        return rest.isEmpty
    }
}
