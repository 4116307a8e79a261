/// An image's properties as read from its header, without decoding pixels.
public struct ImageHeader: Sendable, Codable, Equatable {
    public let format: ImageFormat
    /// The libvips loader name, for example "jpegload".
    public let loader: String
    /// The width as stored, before EXIF orientation is applied.
    public let width: Int
    /// The height as stored, before EXIF orientation is applied.
    public let height: Int
    /// The EXIF orientation, 1...8. An orientation of 0, a missing tag or any other value is 1.
    public let orientation: Int
    /// The number of frames or pages, 1 for a still image.
    public let pages: Int
    public let bands: Int
    public let hasAlpha: Bool
    /// The libvips interpretation name: "srgb", "cmyk", "b-w", "rgb16" and so on.
    public let interpretation: String
    /// The file size in bytes.
    public let byteSize: Int64
    /// True when EXIF carries GPS fields (libvips' `exif-ifd3-` fields).
    public let hasGPS: Bool
    /// True when the file carries EXIF, XMP, IPTC or PNG text metadata that could identify
    /// the person, camera or place.
    public let hasPrivateMetadata: Bool
    /// True when the file embeds an ICC colour profile.
    public let hasICCProfile: Bool
    /// The embedded profile's colour space and description, or nil when there is none or it
    /// cannot be read.
    public let iccProfile: ICCProfile?

    public init(
        format: ImageFormat, loader: String, width: Int, height: Int, orientation: Int,
        pages: Int, bands: Int, hasAlpha: Bool, interpretation: String, byteSize: Int64,
        hasGPS: Bool = false, hasPrivateMetadata: Bool = false, hasICCProfile: Bool = false,
        iccProfile: ICCProfile? = nil
    ) {
        self.format = format
        self.loader = loader
        self.width = width
        self.height = height
        self.orientation = (1...8).contains(orientation) ? orientation : 1
        self.pages = pages
        self.bands = bands
        self.hasAlpha = hasAlpha
        self.interpretation = interpretation
        self.byteSize = byteSize
        self.hasGPS = hasGPS
        self.hasPrivateMetadata = hasPrivateMetadata
        self.hasICCProfile = hasICCProfile
        self.iccProfile = iccProfile
    }

    /// True for an animation: an animated GIF or WebP, or an APNG.
    public var isAnimated: Bool {
        pages > 1
    }

    /// True for orientations 5 to 8, which turn the image by a quarter and swap its sides.
    public var swapsSides: Bool {
        orientation >= 5
    }

    /// The width after applying orientation.
    public var displayedWidth: Int {
        swapsSides ? height : width
    }

    /// The height after applying orientation.
    public var displayedHeight: Int {
        swapsSides ? width : height
    }

    /// The number of pixels in one frame.
    public var pixelCount: Int {
        width * height
    }
}
