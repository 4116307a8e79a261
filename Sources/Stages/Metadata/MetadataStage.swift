import Imaging
import Pipeline

/// Reads format, size, orientation, frame count, colour space, the embedded ICC profile and
/// GPS presence from each file's header, without decoding pixels, and rejects files over the
/// configured limits before anything decodes them. Videos are recognised by their container and
/// never decoded.
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
        let metadata: ItemMetadata
        if let container = try await BlockingWork.run({ try VideoContainer.sniff(fileAt: path) }) {
            try limits.checkVideo(byteSize: item.byteSize, path: path)
            metadata = ItemMetadata(video: container, byteSize: item.byteSize)
        } else {
            let header = try await BlockingWork.run { try ImageInspector.readHeader(at: path) }
            try limits.check(header, path: path)
            metadata = ItemMetadata(header: header)
        }

        var next = item
        next.metadata = metadata
        return .next(next, output: metadata.payload)
    }
}

extension ItemMetadata {
    init(header: ImageHeader) {
        self.init(
            format: header.format.rawValue,
            width: header.width,
            height: header.height,
            orientation: header.orientation,
            frames: header.pages,
            byteSize: header.byteSize,
            displayedWidth: header.displayedWidth,
            displayedHeight: header.displayedHeight,
            colourSpace: header.interpretation,
            iccProfile: header.iccProfile?.description,
            iccProfileIsSRGB: header.hasICCProfile ? header.iccProfile?.isSRGB ?? false : nil,
            gpsFound: header.hasGPS
        )
    }

    init(video container: VideoContainer, byteSize: Int64) {
        self.init(
            format: "video", width: 0, height: 0, orientation: 1, frames: 0, byteSize: byteSize,
            displayedWidth: 0, displayedHeight: 0, videoContainer: container.rawValue
        )
    }

    var payload: [String: JSONValue] {
        if let videoContainer {
            return ["format": .string(format), "container": .string(videoContainer), "size": .integer(byteSize)]
        }
        var payload: [String: JSONValue] = [
            "format": .string(format),
            "width": .integer(Int64(width)),
            "height": .integer(Int64(height)),
            "orientation": .integer(Int64(orientation)),
            "frames": .integer(Int64(frames)),
            "size": .integer(byteSize),
            "displayed_width": .integer(Int64(displayedWidth)),
            "displayed_height": .integer(Int64(displayedHeight)),
            "colour_space": .string(colourSpace ?? "unknown"),
            "gps_found": .bool(gpsFound),
        ]
        if let iccProfile { payload["icc_profile"] = .string(iccProfile) }
        if let iccProfileIsSRGB { payload["icc_profile_srgb"] = .bool(iccProfileIsSRGB) }
        return payload
    }
}
