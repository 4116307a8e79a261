import YAML

/// Builds a definition's `recordedText`: the file as written, with each literal value under a
/// key named `secret`, `token` or `password` replaced by `[redacted]`, and the credentials in
/// a literal `url` value hidden as `URLRedaction` does.
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
        var replacements: [Replacement] = []
        if let root {
            collect(root, source: source, into: &replacements)
        }

        var scalars = source.scalars
        for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            let clamped = replacement.range.clamped(to: 0..<scalars.count)
            scalars.replaceSubrange(clamped, with: replacement.text.unicodeScalars)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A span of the source and the text that replaces it.
    private struct Replacement {
        let range: Range<Int>
        let text: String
    }

    private static func collect(_ node: YAMLNode, source: SourceText, into replacements: inout [Replacement]) {
        switch node.content {
        case .scalar:
            return
        case .sequence(let items):
            items.forEach { collect($0, source: source, into: &replacements) }
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.scalar, isSensitive(key), let range = secretRange(pair.value, source: source) {
                    replacements.append(Replacement(range: range, text: replacement))
                } else if pair.key.scalar == "url", let url = urlReplacement(pair.value, source: source) {
                    replacements.append(url)
                } else {
                    collect(pair.value, source: source, into: &replacements)
                }
            }
        }
    }

    /// Returns the replacement for a literal URL that carries credentials, or nil for any other
    /// value. Only plain (unquoted) scalars are rewritten, so that the span is exactly the URL's text.
    private static func urlReplacement(_ value: YAMLNode, source: SourceText) -> Replacement? {
        guard case .scalar(let text, _) = value.content, !value.isNull else {
            return nil
        }
        let redacted = URLRedaction.redact(text)
        guard redacted != text else {
            return nil
        }

        let start = value.start.offset
        let end = min(value.end.offset, source.scalars.count)
        guard start < end, String(String.UnicodeScalarView(source.scalars[start..<end])) == text else {
            // A quoted or folded value: hide the whole value rather than guess at its span.
            return secretRange(value, source: source).map { Replacement(range: $0, text: replacement) }
        }
        return Replacement(range: start..<end, text: redacted)
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
