import YAML

/// The text of a definition file, for turning YAML marks into positions and cutting out the
/// text a node was written as.
struct SourceText {
    let file: String
    /// The text as Unicode scalars, the unit libyaml counts offsets in.
    let scalars: [Unicode.Scalar]

    init(file: String, text: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
    }

    func position(_ mark: YAMLMark) -> SourcePosition {
        SourcePosition(file: file, line: mark.line, column: mark.column)
    }

    /// Returns the text `node` was written as, quotes and all.
    func written(_ node: YAMLNode) -> String {
        let range = clamped(node.start.offset..<node.end.offset)
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[range])
        return String(text)
    }

    /// Finds the position of the first `needle` inside the text of `node`, or the node's start when
    /// the written text does not contain it (escapes in a quoted scalar can hide it).
    func position(of needle: String, in node: YAMLNode) -> SourcePosition {
        let needleScalars = Array(needle.unicodeScalars)
        let range = clamped(node.start.offset..<node.end.offset)
        guard !needleScalars.isEmpty, range.count >= needleScalars.count else { return position(node.start) }

        var line = node.start.line
        var column = node.start.column
        for index in range.lowerBound...(range.upperBound - needleScalars.count) {
            if scalars[index..<(index + needleScalars.count)].elementsEqual(needleScalars) {
                return SourcePosition(file: file, line: line, column: column)
            }
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return position(node.start)
    }

    private func clamped(_ range: Range<Int>) -> Range<Int> {
        range.clamped(to: 0..<scalars.count)
    }
}
