import Crypto
import Foundation
import Imaging
import Pipeline

/// Prepares each image for upload: auto-orientation from EXIF and downscaling to the
/// configured bounds, written as a new file under the run's work folder. Images that are
/// already upright, within bounds and in the wanted format are passed on untouched.
public struct ResizeStage: PipelineStage {
    public let type = StageType.resize
    let request: ResizeRequest

    public init(definition: StageDefinition) {
        let options = definition.options
        request = ResizeRequest(
            maxWidth: options.integer("max_width"),
            maxHeight: options.integer("max_height"),
            maxPixels: options.integer("max_pixels"),
            format: OutputFormat(rawValue: options.string("format") ?? "keep") ?? .keep,
            quality: options.integer("quality") ?? 85
        )
    }

    public func prepare(_ run: RunContext) async throws {
        try Imaging.initialize()
        try FileManager.default.createDirectory(atPath: run.workDirectory, withIntermediateDirectories: true)
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let source = item.sourcePath
        let request = self.request
        let header = try await BlockingWork.run { try ImageInspector.readHeader(at: source) }

        var next = item
        if ImageResizer.needsWork(header: header, request: request) {
            let destination = run.workDirectory + "/" + item.id
            next.prepared = try await BlockingWork.run {
                let result = try ImageResizer.resize(source: source, destination: destination, request: request)
                let digest = try SHA256.hash(fileAt: result.path)
                return PreparedFile(
                    path: result.path, sha256: digest.hex, format: result.header.format.rawValue,
                    width: result.header.width, height: result.header.height,
                    byteSize: result.header.byteSize, rewritten: true
                )
            }
        } else {
            next.prepared = PreparedFile(
                path: source, sha256: item.sha256, format: header.format.rawValue,
                width: header.displayedWidth, height: header.displayedHeight,
                byteSize: header.byteSize, rewritten: false
            )
        }
        return .next(next, output: next.prepared?.payload ?? [:])
    }
}

extension PreparedFile {
    var payload: [String: JSONValue] {
        [
            "prepared_path": .string(path),
            "prepared_sha256": .string(sha256),
            "format": .string(format),
            "width": .integer(Int64(width)),
            "height": .integer(Int64(height)),
            "size": .integer(byteSize),
            "rewritten": .bool(rewritten),
        ]
    }
}
