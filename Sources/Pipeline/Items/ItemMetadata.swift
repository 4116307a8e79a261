/// What the metadata stage read from a file's header, without decoding its pixels.
public struct ItemMetadata: Sendable, Codable, Hashable {
    /// The format sniffed from the content's magic bytes, e.g. "jpeg", or "video" for a video.
    public var format: String
    public var width: Int
    public var height: Int
    /// EXIF orientation 1...8; absent and invalid values are reported as 1.
    public var orientation: Int
    public var frames: Int
    public var byteSize: Int64
    /// Width and height as displayed, after the orientation is applied.
    public var displayedWidth: Int
    public var displayedHeight: Int
    /// The libvips interpretation, such as "srgb", "cmyk", "b-w" or "rgb16"; nil for a video.
    public var colourSpace: String?
    /// The embedded ICC profile's description, such as "Display P3"; nil when the file has no
    /// profile or its description cannot be read.
    public var iccProfile: String?
    /// Whether the embedded ICC profile is sRGB by its colorants and tone curves (an unreadable
    /// profile is not); nil when the file has no profile.
    public var iccProfileIsSRGB: Bool?
    /// True when the file's EXIF carries GPS coordinates.
    public var gpsFound: Bool
    /// The video container ("mp4", "quicktime", "webm", "matroska", "avi"), nil for an image.
    /// Videos are never decoded, so their sizes are 0.
    public var videoContainer: String?

    /// True for a video, which is uploaded as it is in Imgur's `video` field.
    public var isVideo: Bool {
        videoContainer != nil
    }

    public init(
        format: String,
        width: Int,
        height: Int,
        orientation: Int,
        frames: Int,
        byteSize: Int64,
        displayedWidth: Int,
        displayedHeight: Int,
        colourSpace: String? = nil,
        iccProfile: String? = nil,
        iccProfileIsSRGB: Bool? = nil,
        gpsFound: Bool = false,
        videoContainer: String? = nil
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
        self.frames = frames
        self.byteSize = byteSize
        self.displayedWidth = displayedWidth
        self.displayedHeight = displayedHeight
        self.colourSpace = colourSpace
        self.iccProfile = iccProfile
        self.iccProfileIsSRGB = iccProfileIsSRGB
        self.gpsFound = gpsFound
        self.videoContainer = videoContainer
    }
}
