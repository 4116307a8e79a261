/// The format `ImageResizer` writes.
public enum OutputFormat: String, Sendable, Codable {
    /// JPEG stays JPEG, PNG stays PNG, GIF and animated WebP become GIF (PNG when libvips
    /// cannot write GIF), and every other format becomes JPEG, or PNG when it has an alpha channel.
    case keep
    case jpeg
    case png
}

/// The bounds and output format for preparing an image.
public struct ResizeRequest: Sendable {
    /// Pillow's decompression-bomb limit (twice its 89,478,485-pixel warning level).
    public static let defaultMaxSourcePixels = 178_956_970

    /// The largest displayed width, or nil for no limit.
    public var maxWidth: Int?
    /// The largest displayed height, or nil for no limit.
    public var maxHeight: Int?
    /// The largest width times height, or nil for no limit.
    public var maxPixels: Int?
    public var format: OutputFormat
    /// The JPEG quality, 1...100.
    public var quality: Int
    /// Sources with more pixels per frame than this are rejected from their header, before any
    /// decoding, so a small file that declares a huge canvas cannot exhaust memory.
    public var maxSourcePixels: Int
    /// Whether the written copy drops EXIF (with GPS), XMP, IPTC and the ICC profile. The
    /// pixels are converted to sRGB either way, so dropping the profile changes no colour.
    public var stripMetadata: Bool

    public init(
        maxWidth: Int? = nil, maxHeight: Int? = nil, maxPixels: Int? = nil,
        format: OutputFormat = .keep, quality: Int = 85,
        maxSourcePixels: Int = ResizeRequest.defaultMaxSourcePixels, stripMetadata: Bool = true
    ) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
        self.format = format
        self.quality = quality
        self.maxSourcePixels = maxSourcePixels
        self.stripMetadata = stripMetadata
    }

    /// Returns a message naming the first invalid field, or nil when the request is valid.
    var validationFailure: String? {
        if let maxWidth, maxWidth < 1 {
            return "max width must be at least 1, got \(maxWidth)"
        }
        if let maxHeight, maxHeight < 1 {
            return "max height must be at least 1, got \(maxHeight)"
        }
        if let maxPixels, maxPixels < 1 {
            return "max pixels must be at least 1, got \(maxPixels)"
        }
        if !(1...100).contains(quality) {
            return "quality must be between 1 and 100, got \(quality)"
        }
        return nil
    }
}

/// The prepared copy that `ImageResizer` wrote.
public struct ResizeResult: Sendable {
    /// The header of the written file.
    public let header: ImageHeader
    /// The written file, whose extension follows the format written.
    public let path: String
    /// True when the displayed size changed.
    public let resized: Bool

    public init(header: ImageHeader, path: String, resized: Bool) {
        self.header = header
        self.path = path
        self.resized = resized
    }
}
