import Imaging
import Pipeline

/// The settings `ImagePreparation` follows: the resize stage's options, or the defaults that
/// `imgpipe upload` uses.
public struct PreparationSettings: Sendable {
    /// Imgur's limit for the API's `image` field, in bytes.
    public static let imgurMaxImageBytes: Int64 = 10_000_000
    /// Imgur's limit for the `video` field, in bytes.
    public static let imgurMaxVideoBytes: Int64 = 200_000_000

    /// Bounds, output format and JPEG quality; `stripMetadata` follows `privacy`.
    public var request: ResizeRequest
    /// `privacy: strip` (true, the default) removes EXIF with GPS, XMP, IPTC and PNG text.
    public var stripMetadata: Bool
    /// `fit_size: true` (the default) re-encodes, then downscales, a file over the limit.
    public var fitSize: Bool
    public var maxImageBytes: Int64
    public var maxVideoBytes: Int64

    public init(
        request: ResizeRequest = ResizeRequest(), stripMetadata: Bool = true, fitSize: Bool = true,
        maxImageBytes: Int64 = PreparationSettings.imgurMaxImageBytes,
        maxVideoBytes: Int64 = PreparationSettings.imgurMaxVideoBytes
    ) {
        self.request = request
        self.stripMetadata = stripMetadata
        self.fitSize = fitSize
        self.maxImageBytes = maxImageBytes
        self.maxVideoBytes = maxVideoBytes
        self.request.stripMetadata = stripMetadata
    }

    /// Reads the resize stage's options as `StageCatalog` declares them.
    public init(options: StageOptions) {
        self.init(
            request: ResizeRequest(
                maxWidth: options.integer("max_width"),
                maxHeight: options.integer("max_height"),
                maxPixels: options.integer("max_pixels"),
                format: OutputFormat(rawValue: options.string("format") ?? "keep") ?? .keep,
                quality: options.integer("quality") ?? 85
            ),
            stripMetadata: (options.string("privacy") ?? "strip") == "strip",
            fitSize: options.boolean("fit_size") ?? true
        )
    }
}
