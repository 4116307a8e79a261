/// An image file format, as recognised from a file's first bytes.
public enum ImageFormat: String, Sendable, Codable {
    case jpeg, png, gif, webp, heif, avif, tiff, bmp, unknown

    /// The file name extension used when writing this format.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .tiff: "tif"
        default: rawValue
        }
    }

    /// Returns the formats a libvips 8.14 loader reads, to check it against the sniffed format.
    static func formats(forLoader loader: String) -> Set<ImageFormat> {
        switch loader {
        case "jpegload": [.jpeg]
        case "pngload": [.png]
        case "gifload": [.gif]
        case "webpload": [.webp]
        case "heifload": [.heif, .avif]
        case "tiffload": [.tiff]
        default: []
        }
    }
}
