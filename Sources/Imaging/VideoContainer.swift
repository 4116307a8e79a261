/// A video container recognised from a file's first bytes. Videos are never decoded: they
/// are passed to Imgur's `video` field as they are.
public enum VideoContainer: String, Sendable, Codable, CaseIterable {
    case mp4, quicktime, webm, matroska, avi

    /// The file name extension Imgur expects for this container.
    public var fileExtension: String {
        switch self {
        case .mp4: "mp4"
        case .quicktime: "mov"
        case .webm: "webm"
        case .matroska: "mkv"
        case .avi: "avi"
        }
    }

    public var mimeType: String {
        switch self {
        case .mp4: "video/mp4"
        case .quicktime: "video/quicktime"
        case .webm: "video/webm"
        case .matroska: "video/x-matroska"
        case .avi: "video/x-msvideo"
        }
    }

    /// Reads the first 64 bytes of the file and returns its container, or nil for anything
    /// else, images included.
    public static func sniff(fileAt path: String) throws -> VideoContainer? {
        container(of: try FormatSniffer.readPrefix(of: path))
    }

    static func container(of bytes: [UInt8]) -> VideoContainer? {
        // HEIF and AVIF share the `ftyp` box with MP4, and WebP the RIFF header with AVI.
        guard FormatSniffer.format(of: bytes) == .unknown else {
            return nil
        }
        if bytes.count >= 12, bytes[4..<8].elementsEqual("ftyp".utf8) {
            return bytes[8..<12].elementsEqual("qt  ".utf8) ? .quicktime : .mp4
        }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
            // The EBML header names its document type: "webm" or "matroska".
            return bytes.indices.contains(where: { bytes[$0...].starts(with: "webm".utf8) }) ? .webm : .matroska
        }
        if bytes.count >= 12, bytes.starts(with: "RIFF".utf8), bytes[8..<12].elementsEqual("AVI ".utf8) {
            return .avi
        }
        return nil
    }
}
