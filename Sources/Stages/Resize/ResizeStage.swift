import Foundation
import Imaging
import Pipeline

/// Prepares each file for upload with `ImagePreparation`: orientation, privacy, format
/// conversion, bounds and Imgur's size limit. New files go under the run's work folder;
/// files that need nothing are passed on untouched, and videos are never decoded.
public struct ResizeStage: PipelineStage {
    public let type = StageType.resize
    let settings: PreparationSettings

    public init(definition: StageDefinition) {
        settings = PreparationSettings(options: definition.options)
    }

    public func prepare(_ run: RunContext) async throws {
        try Imaging.initialize()
        try FileManager.default.createDirectory(atPath: run.workDirectory, withIntermediateDirectories: true)
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let source = item.sourcePath
        let sha256 = item.sha256
        let workDirectory = run.workDirectory
        let name = item.id
        let settings = self.settings

        let result = try await BlockingWork.run {
            try ImagePreparation.prepare(
                source: source, sha256: sha256, workDirectory: workDirectory, name: name, settings: settings
            )
        }
        var next = item
        next.prepared = result.file
        return .next(next, output: result.payload)
    }
}
