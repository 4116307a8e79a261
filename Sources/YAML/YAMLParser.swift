import CYAML

/// Parses one YAML document into a tree of `YAMLNode`s that keep their positions.
///
/// The class owns a heap-allocated `yaml_parser_t` and a private copy of the input, because
/// libyaml keeps pointers into both for the whole parse. It is not `Sendable`: use one
/// instance from one thread, once.
public final class YAMLParser {
    /// The maximum nesting of sequences and mappings, so a hostile file cannot exhaust the stack.
    public static let maxDepth = 200
    /// The maximum number of nodes a document may expand to once aliases are resolved, so a small file of
    /// nested aliases ("billion laughs") cannot exhaust memory.
    public static let maxNodes = 100_000

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var nodeCount = 0

    public init(text: String) {
        let bytes = Array(text.utf8)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)

        parser = .allocate(capacity: 1)
        // yaml_parser_initialize fails only when malloc fails, which Swift treats as fatal too.
        precondition(yaml_parser_initialize(parser) == 1, "libyaml could not allocate a parser")
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// Parses `text`, which must hold at most one document; returns nil for an empty text.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        try YAMLParser(text: text).parseSingleDocument()
    }

    /// Parses the whole input as at most one document; returns its root, or nil when empty.
    public func parseSingleDocument() throws(YAMLError) -> YAMLNode? {
        try expect(next(), "the start of the stream") { if case .streamStart = $0 { true } else { false } }

        let first = try next()
        guard case .documentStart = first.kind else { return nil }
        let root = try node(after: try next(), depth: 0)
        try expect(next(), "the end of the document") { if case .documentEnd = $0 { true } else { false } }

        let after = try next()
        if case .documentStart = after.kind {
            throw YAMLError(problem: "found a second document; put one document in the file", mark: after.start)
        }
        return root
    }

    private func node(after event: YAMLEvent, depth: Int) throws(YAMLError) -> YAMLNode {
        guard depth <= Self.maxDepth else {
            throw YAMLError(problem: "nesting deeper than \(Self.maxDepth) levels", mark: event.start)
        }
        switch event.kind {
        case .scalar(let value, let style, let anchor, let tag):
            let node = YAMLNode(content: .scalar(value, style), start: event.start, end: event.end, tag: tag)
            return try record(node, size: 1, anchor: anchor)
        case .sequenceStart(let anchor, let tag):
            return try sequence(from: event, anchor: anchor, tag: tag, depth: depth)
        case .mappingStart(let anchor, let tag):
            return try mapping(from: event, anchor: anchor, tag: tag, depth: depth)
        case .alias(let anchor):
            return try resolve(alias: anchor, at: event.start)
        default:
            throw YAMLError(problem: "expected a value", mark: event.start)
        }
    }

    private func sequence(from start: YAMLEvent, anchor: String?, tag: String?, depth: Int) throws(YAMLError) -> YAMLNode {
        let sizeBefore = nodeCount
        var items: [YAMLNode] = []
        var event = try next()
        while !event.isEnd {
            items.append(try node(after: event, depth: depth + 1))
            event = try next()
        }
        let node = YAMLNode(content: .sequence(items), start: start.start, end: event.end, tag: tag)
        return try record(node, size: nodeCount - sizeBefore + 1, anchor: anchor)
    }

    private func mapping(from start: YAMLEvent, anchor: String?, tag: String?, depth: Int) throws(YAMLError) -> YAMLNode {
        let sizeBefore = nodeCount
        var pairs: [YAMLPair] = []
        var event = try next()
        while !event.isEnd {
            let key = try node(after: event, depth: depth + 1)
            let value = try node(after: try next(), depth: depth + 1)
            pairs.append(YAMLPair(key: key, value: value))
            event = try next()
        }
        let node = YAMLNode(content: .mapping(pairs), start: start.start, end: event.end, tag: tag)
        return try record(node, size: nodeCount - sizeBefore + 1, anchor: anchor)
    }

    /// Counts `node` towards the expansion limit and remembers it under its anchor.
    private func record(_ node: YAMLNode, size: Int, anchor: String?) throws(YAMLError) -> YAMLNode {
        // A collection's children were counted as they were built, so count only the node itself.
        try count(1, at: node.start)
        if let anchor {
            anchors[anchor] = (node, size)
        }
        return node
    }

    private func resolve(alias anchor: String, at mark: YAMLMark) throws(YAMLError) -> YAMLNode {
        guard let target = anchors[anchor] else {
            // Unquoted globs such as `- *.jpg` read as aliases, so say how to write them.
            let problem = "alias '*\(anchor)' refers to no anchor defined before it; quote a value that starts with '*', as in \"*\(anchor)\""
            throw YAMLError(problem: problem, mark: mark)
        }
        try count(target.size, at: mark)
        return target.node
    }

    private func count(_ nodes: Int, at mark: YAMLMark) throws(YAMLError) {
        nodeCount += nodes
        guard nodeCount <= Self.maxNodes else {
            throw YAMLError(problem: "document expands to more than \(Self.maxNodes) nodes through aliases", mark: mark)
        }
    }

    private func expect(_ event: YAMLEvent, _ what: String, _ matches: (YAMLEvent.Kind) -> Bool) throws(YAMLError) {
        guard matches(event.kind) else {
            throw YAMLError(problem: "expected \(what)", mark: event.start)
        }
    }

    /// Reads the next event from libyaml, turning a failure into a `YAMLError` with its marks.
    private func next() throws(YAMLError) -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            throw currentError()
        }
        defer { yaml_event_delete(&event) }
        return YAMLEvent(copying: event)
    }

    private func currentError() -> YAMLError {
        let state = parser.pointee
        var problem = state.problem.map { String(cString: $0) } ?? "unknown libyaml error \(state.error.rawValue)"
        let context = state.context.map { String(cString: $0) }
        if context == "while scanning an alias" {
            // An unquoted glob such as `- *.jpg` reads as an alias with an invalid name.
            problem += "; quote a value that starts with '*', as in \"*.jpg\""
        }
        return YAMLError(
            problem: problem,
            mark: YAMLMark(state.problem_mark),
            context: context,
            contextMark: context == nil ? nil : YAMLMark(state.context_mark)
        )
    }
}

extension YAMLEvent {
    /// True for the event that closes a sequence or mapping.
    var isEnd: Bool {
        switch kind {
        case .sequenceEnd, .mappingEnd: true
        default: false
        }
    }
}
