/// A place in YAML text, one-based as editors show it, plus the zero-based offset in Unicode
/// scalars that libyaml counts, so callers can cut the source text at a node.
public struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String {
        "\(line):\(column)"
    }
}

/// The way a scalar was written. Only a plain scalar may be read as a number or a boolean, so that
/// `"123"` stays a string.
public enum YAMLScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded

    public var isPlain: Bool {
        self == .plain
    }
}

/// One key and its value in a mapping, in document order.
public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A node of a YAML document with the span of text it came from.
///
/// Mappings keep every pair in order, duplicates included, so that a validator can report a
/// duplicate key at its own position.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public let content: Content
    public let start: YAMLMark
    public let end: YAMLMark
    /// The tag written on the node, such as `!!str`, or nil when none was written.
    public let tag: String?

    public init(content: Content, start: YAMLMark, end: YAMLMark, tag: String? = nil) {
        self.content = content
        self.start = start
        self.end = end
        self.tag = tag
    }

    /// The scalar's text, or nil for a sequence or mapping.
    public var scalar: String? {
        guard case .scalar(let text, _) = content else { return nil }
        return text
    }

    /// True for a plain scalar whose text YAML reads as null (`~`, `null`, or nothing).
    public var isNull: Bool {
        guard case .scalar(let text, let style) = content, style.isPlain, tag == nil else {
            return false
        }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }
}

extension YAMLNode {
    /// The mapping's pairs in document order, or nil when the node is not a mapping.
    public var mappingPairs: [YAMLPair]? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs
    }

    /// The sequence's items, or nil when the node is not a sequence.
    public var sequenceItems: [YAMLNode]? {
        guard case .sequence(let items) = content else { return nil }
        return items
    }
}
