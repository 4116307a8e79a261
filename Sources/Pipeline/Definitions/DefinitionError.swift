/// One problem found in a definition file, printed as `FILE:LINE:COLUMN: message`.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let position: SourcePosition
    public let message: String

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    public var description: String {
        "\(position): \(message)"
    }
}

/// Every problem found in one definition file, in file order.
public struct DefinitionErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [DefinitionError]

    public init(_ errors: [DefinitionError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
