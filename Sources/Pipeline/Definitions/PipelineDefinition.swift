/// A pipeline definition file, parsed, interpolated and validated.
public struct PipelineDefinition: Sendable {
    public let name: String
    public let description: String?
    public let stages: [StageDefinition]
    /// How long items in flight may take to finish after a stop request, unless the command
    /// line sets it.
    public let shutdownTimeout: Duration
    /// The file as written, before interpolation, with literal secrets redacted; the event
    /// log stores this text so that a run can be audited without leaking credentials.
    public let recordedText: String
    public let sourcePath: String

    public init(
        name: String,
        description: String?,
        stages: [StageDefinition],
        shutdownTimeout: Duration = PipelineDefinition.defaultShutdownTimeout,
        recordedText: String,
        sourcePath: String
    ) {
        self.name = name
        self.description = description
        self.stages = stages
        self.shutdownTimeout = shutdownTimeout
        self.recordedText = recordedText
        self.sourcePath = sourcePath
    }

    public static let defaultShutdownTimeout: Duration = .seconds(30)

    public func stage(_ type: StageType) -> StageDefinition? {
        stages.first { $0.type == type }
    }
}
