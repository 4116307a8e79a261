import Pipeline

/// The outcome of preparing one file, for the resize stage's event and `imgpipe upload`'s output.
public struct PreparationReport: Sendable, Equatable {
    /// The source's sniffed format, such as "webp", or "video".
    public var sourceFormat: String
    /// The EXIF orientation applied (1 when the image was already upright).
    public var orientationApplied: Int
    /// Frames in the prepared file: 1 for a still image, 0 for a video.
    public var frames: Int
    /// The prepared file's libvips interpretation, such as "srgb"; nil for a video.
    public var colourSpace: String?
    public var gpsFound: Bool
    public var gpsStripped: Bool
    /// True when EXIF, XMP, IPTC or PNG text was removed.
    public var metadataStripped: Bool
    /// True when the file was re-encoded or downscaled to fit Imgur's size limit.
    public var shrunkToFit: Bool
    /// The description of the source's embedded ICC profile, such as "Display P3", or nil when
    /// it has none or the description cannot be read.
    public var sourceICCProfile: String? = nil
    /// True when the pixels went through an ICC transform to sRGB.
    public var colourConverted = false
    /// True when the source embeds an ICC profile that libvips cannot use, so its pixels were
    /// read as sRGB and not converted from it.
    public var iccProfileInvalid = false

    func payload(of file: PreparedFile) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "prepared_path": .string(file.path),
            "prepared_sha256": .string(file.sha256),
            "format": .string(file.format),
            "source_format": .string(sourceFormat),
            "width": .integer(Int64(file.width)),
            "height": .integer(Int64(file.height)),
            "size": .integer(file.byteSize),
            "rewritten": .bool(file.rewritten),
            "orientation_applied": .integer(Int64(orientationApplied)),
            "frames": .integer(Int64(frames)),
            "gps_found": .bool(gpsFound),
            "gps_stripped": .bool(gpsStripped),
            "metadata_stripped": .bool(metadataStripped),
            "shrunk_to_fit": .bool(shrunkToFit),
            "colour_converted": .bool(colourConverted),
        ]
        if let sourceICCProfile { payload["icc_profile"] = .string(sourceICCProfile) }
        if iccProfileInvalid { payload["icc_profile_invalid"] = .bool(true) }
        if let colourSpace { payload["colour_space"] = .string(colourSpace) }
        if let container = file.videoContainer { payload["container"] = .string(container) }
        return payload
    }
}

/// A prepared file and what preparing it did.
public struct PreparationResult: Sendable {
    public let file: PreparedFile
    public let report: PreparationReport

    /// The resize stage's event payload.
    public var payload: [String: JSONValue] {
        report.payload(of: file)
    }
}
