import Pipeline

/// Builds the stages a definition names, sharing one session registry between the
/// authenticate and upload stages.
public enum StageFactory {
    /// Builds the stages; uploads wait at `gate` while Imgur's budget is spent. With `dryRun`,
    /// the stages that reach Imgur or a webhook are replaced by ones that only record what they
    /// would do. Ingest, metadata and resize still run on the local files.
    public static func makeStages(
        for definition: PipelineDefinition,
        gate: RateLimitGate = RateLimitGate(),
        dryRun: Bool = false
    ) throws -> (source: SourceStage, stages: [PipelineStage]) {
        guard let first = definition.stages.first, first.type == .ingest else {
            throw StageError("the first stage of '\(definition.name)' must be ingest")
        }
        let registry = SessionRegistry(gate: gate)
        let stages = try definition.stages.dropFirst().map { stage -> PipelineStage in
            if dryRun, [.authenticate, .upload, .notify].contains(stage.type) {
                return PlannedStage(type: stage.type, definition: stage)
            }
            return try makeStage(stage, registry: registry)
        }
        return (IngestStage(definition: first), stages)
    }

    private static func makeStage(_ definition: StageDefinition, registry: SessionRegistry) throws -> PipelineStage {
        switch definition.type {
        case .ingest:
            throw StageError("\(definition.position): ingest can only be the first stage")
        case .metadata:
            return MetadataStage(definition: definition)
        case .resize:
            return ResizeStage(definition: definition)
        case .authenticate:
            return AuthenticateStage(definition: definition, registry: registry)
        case .upload:
            return UploadStage(definition: definition, registry: registry)
        case .notify:
            return try NotifyStage(definition: definition)
        }
    }
}
