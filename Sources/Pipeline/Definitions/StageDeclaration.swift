/// The options and defaults of one stage type, declared once in `StageCatalog`.
public struct StageDeclaration: Sendable {
    public let type: StageType
    /// One line saying what the stage does.
    public let summary: String
    public let options: [OptionDeclaration]
    /// Items processed at once when neither the stage nor `defaults` sets `concurrency`.
    public let defaultConcurrency: Int
    /// Groups of options of which a definition may set at most one.
    public let exclusiveOptions: [[String]]

    public init(
        type: StageType,
        summary: String,
        options: [OptionDeclaration],
        defaultConcurrency: Int = 1,
        exclusiveOptions: [[String]] = []
    ) {
        self.type = type
        self.summary = summary
        self.options = options
        self.defaultConcurrency = defaultConcurrency
        self.exclusiveOptions = exclusiveOptions
    }

    public func option(named name: String) -> OptionDeclaration? {
        options.first { $0.name == name }
    }
}
