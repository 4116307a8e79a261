import CVips
import CVipsShim

/// Reads the few facts of an ICC profile that decide whether pixels need a colour transform.
///
/// An ICC profile of version 2 or 4 starts with a 128-byte header, then a tag count and a table
/// of 12-byte entries. The description is a `desc` tag of type `desc` (version 2, ASCII) or
/// `mluc` (version 4, UTF-16BE).
public struct ICCProfile: Sendable, Codable, Equatable {
    /// The header's data colour space signature, such as "RGB " or "CMYK".
    public let colourSpace: String
    /// The profile description, such as "sRGB IEC61966-2.1" or "Display P3", or nil when the
    /// profile has no readable `desc` tag.
    public let description: String?
    /// True when the profile's content is sRGB, whatever its description: an RGB matrix/TRC
    /// profile with sRGB's colorants and tone curves (see `describesSRGB`).
    public let isSRGB: Bool
    /// True when libvips 8.14 can convert from this profile: lcms opens it and it supports the
    /// relative colorimetric intent as an input profile. libvips replaces a profile that fails
    /// this with its default for the image's interpretation, so an RGB image is then read as sRGB.
    public let isUsable: Bool

    /// Parses `bytes`, or returns nil when they are too short to be a profile.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 132 else {
            return nil
        }
        let tags = ICCTagTable(bytes: bytes)
        colourSpace = tags.signature(at: 16) ?? ""
        description = tags.text("desc").map(Self.removingTrailingSpaces)
        isSRGB = Self.describesSRGB(tags)
        isUsable = imgpipe_icc_profile_usable_as_input(bytes, bytes.count) == 1
    }

    /// Drops the spaces and NUL bytes that pad some profiles' descriptions, such as
    /// "Display P3   ".
    private static func removingTrailingSpaces(_ text: String) -> String {
        String(text.reversed().drop { $0 == " " || $0 == "\u{0}" }.reversed())
    }

    /// Returns the bytes of a profile built into libvips, "srgb", "p3" or "cmyk", or of the
    /// profile file at a path. Throws when libvips cannot load it.
    public static func libvipsProfileBytes(named name: String) throws -> [UInt8] {
        try Imaging.initialize()
        let blob = try VipsCall.run(
            .loadFailed, path: name,
            message: "libvips failed to load this ICC profile; use srgb, p3, cmyk or the path of a profile file"
        ) {
            var blob: UnsafeMutablePointer<VipsBlob>?
            return imgpipe_vips_profile_load(name, &blob) == 0 ? blob : nil
        }
        // A VipsBlob is a VipsArea with no fields of its own.
        defer { blob.withMemoryRebound(to: VipsArea.self, capacity: 1) { vips_area_unref($0) } }

        var length = 0
        guard let data = vips_blob_get(blob, &length) else {
            return []
        }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
}
