import Imaging
import Pipeline

/// Reads format, size, orientation and frame count from each file's header, without decoding
/// pixels, and refuses files over the configured limits before anything decodes them.
public struct MetadataStage: PipelineStage {
    public let type = StageType.metadata
    let limits: HeaderLimits

    public init(definition: StageDefinition) {
        limits = HeaderLimits(
            maxPixels: definition.options.integer("max_input_pixels") ?? 100_000_000,
            maxBytes: definition.options.size("max_input_size"),
            maxTotalPixels: definition.options.integer("max_total_pixels")
        )
    }

    public func prepare(_ run: RunContext) async throws {
        try Imaging.initialize()
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let path = item.sourcePath
        let header = try await BlockingWork.run { try ImageInspector.readHeader(at: path) }
        try limits.check(header, path: path)

        let metadata = ItemMetadata(
            format: header.format.rawValue,
            width: header.width,
            height: header.height,
            orientation: header.orientation,
            frames: header.pages,
            byteSize: header.byteSize,
            displayedWidth: header.displayedWidth,
            displayedHeight: header.displayedHeight
        )
        var next = item
        next.metadata = metadata
        return .next(next, output: metadata.payload)
    }
}

extension ItemMetadata {
    var payload: [String: JSONValue] {
        [
            "format": .string(format),
            "width": .integer(Int64(width)),
            "height": .integer(Int64(height)),
            "orientation": .integer(Int64(orientation)),
            "frames": .integer(Int64(frames)),
            "size": .integer(byteSize),
            "displayed_width": .integer(Int64(displayedWidth)),
            "displayed_height": .integer(Int64(displayedHeight)),
        ]
    }
}
