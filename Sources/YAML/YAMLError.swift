/// A YAML text that libyaml could not parse, or a document this wrapper rejects.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problem as libyaml words it, such as "did not find expected key".
    public let problem: String
    public let mark: YAMLMark
    /// The construct libyaml was parsing, such as "while parsing a block mapping", with its start.
    public let context: String?
    public let contextMark: YAMLMark?

    public init(problem: String, mark: YAMLMark, context: String? = nil, contextMark: YAMLMark? = nil) {
        self.problem = problem
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }

    /// The problem followed by its context, without the position.
    public var message: String {
        guard let context, let contextMark else { return problem }
        return "\(problem) (\(context) started at line \(contextMark.line), column \(contextMark.column))"
    }

    public var description: String {
        "\(mark): \(message)"
    }
}
