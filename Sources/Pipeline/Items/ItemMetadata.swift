/// What the metadata stage read from a file's header, without decoding its pixels.
public struct ItemMetadata: Sendable, Codable, Hashable {
    /// The format sniffed from the content's magic bytes, e.g. "jpeg".
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

    public init(
        format: String,
        width: Int,
        height: Int,
        orientation: Int,
        frames: Int,
        byteSize: Int64,
        displayedWidth: Int,
        displayedHeight: Int
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
        self.frames = frames
        self.byteSize = byteSize
        self.displayedWidth = displayedWidth
        self.displayedHeight = displayedHeight
    }
}
