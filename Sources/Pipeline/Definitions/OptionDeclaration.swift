/// One option a stage accepts: its name, kind, default and meaning, declared once in
/// `StageCatalog` and used for validation, help text and the reference.
public struct OptionDeclaration: Sendable, Hashable {
    public let name: String
    public let kind: OptionKind
    /// The value used when the definition does not set the option, or nil for none.
    public let defaultValue: OptionValue?
    /// The default as the reference shows it when `defaultValue` alone would mislead, such as
    /// "2 x concurrency".
    public let defaultDescription: String?
    public let isRequired: Bool
    /// One line saying what the option sets.
    public let summary: String

    public init(
        _ name: String,
        _ kind: OptionKind,
        default defaultValue: OptionValue? = nil,
        defaultDescription: String? = nil,
        required isRequired: Bool = false,
        _ summary: String
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.defaultDescription = defaultDescription
        self.isRequired = isRequired
        self.summary = summary
    }

    /// The default as the reference and help text show it.
    public var defaultText: String {
        if isRequired { return "required" }
        if let defaultDescription { return defaultDescription }
        guard let defaultValue else { return "none" }
        return defaultValue.displayText
    }
}

extension OptionValue {
    /// The value written as it would be in a definition file.
    public var displayText: String {
        switch self {
        case .string(let value): "`\(value)`"
        case .integer(let value): "\(value)"
        case .boolean(let value): "\(value)"
        case .duration(let value): DurationText.format(value)
        case .size(let value): "\(value) bytes"
        case .strings(let values): "`[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]`"
        case .mapping(let values): "`{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}`"
        }
    }
}
