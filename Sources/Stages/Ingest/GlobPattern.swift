/// A file-name pattern from a definition's `include` or `exclude` list.
///
/// Matching is case-insensitive. A pattern without `/` matches the file name at any depth
/// (`*.jpg`); a pattern with `/` matches the path relative to the ingest folder, where `*` and
/// `?` stay within one folder and `**` crosses folders.
public struct GlobPattern: Sendable, Hashable {
    public let pattern: String
    private let characters: [Character]
    private let matchesPath: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern.lowercased())
        self.matchesPath = pattern.contains("/")
    }

    /// Tests a path relative to the ingest folder, with `/` between folders.
    public func matches(relativePath: String) -> Bool {
        let subject = matchesPath ? relativePath : String(relativePath.split(separator: "/").last ?? "")
        return Self.match(characters[...], Array(subject.lowercased())[...])
    }

    private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        let rest = pattern.dropFirst()

        switch head {
        case "*" where rest.first == "*":
            let afterStars = rest.dropFirst()
            // `**/` also matches no folder at all, so `a/**/b` matches `a/b`.
            if afterStars.first == "/", match(afterStars.dropFirst(), text) {
                return true
            }
            var candidate = text
            while true {
                if match(afterStars, candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        case "*":
            var candidate = text
            while true {
                if match(rest, candidate) { return true }
                guard let next = candidate.first, next != "/" else { return false }
                candidate = candidate.dropFirst()
            }
        case "?":
            guard let next = text.first, next != "/" else { return false }
            return match(rest, text.dropFirst())
        default:
            guard text.first == head else { return false }
            return match(rest, text.dropFirst())
        }
    }
}
