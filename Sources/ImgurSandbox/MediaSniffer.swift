import Foundation

/// Media type and pixel size read from the first bytes of an upload, as Imgur decides a file's
/// type from its content rather than its name.
struct SniffedMedia: Equatable {
    var mimeType: String
    var fileExtension: String
    var width = 0
    var height = 0
    var animated = false
    var isVideo = false
}

enum MediaSniffer {
    /// Recognizes JPEG, PNG (and APNG), GIF and TIFF; nil for anything else (WebP, HEIC, text).
    static func image(_ data: Data) -> SniffedMedia? {
        let bytes = [UInt8](data.prefix(64))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            let size = jpegSize(data)
            return SniffedMedia(mimeType: "image/jpeg", fileExtension: "jpg", width: size.width, height: size.height)
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && bytes.count >= 24 {
            let animated = data.prefix(4096).range(of: Data("acTL".utf8)) != nil
            return SniffedMedia(mimeType: "image/png", fileExtension: "png",
                                width: bigEndian(bytes, at: 16, count: 4), height: bigEndian(bytes, at: 20, count: 4),
                                animated: animated)
        }
        if (bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8))) && bytes.count >= 10 {
            let animated = data.range(of: Data("NETSCAPE2.0".utf8)) != nil
            return SniffedMedia(mimeType: "image/gif", fileExtension: "gif",
                                width: Int(bytes[6]) | Int(bytes[7]) << 8, height: Int(bytes[8]) | Int(bytes[9]) << 8,
                                animated: animated)
        }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            // NOTE: TIFF dimensions are not parsed; they are reported as 0.
            return SniffedMedia(mimeType: "image/tiff", fileExtension: "tiff")
        }
        return nil
    }

    /// Recognizes MP4, QuickTime, WebM, Matroska, FLV, AVI, WMV and MPEG containers.
    static func video(_ data: Data) -> SniffedMedia? {
        let bytes = [UInt8](data.prefix(64))
        func video(_ mimeType: String, _ fileExtension: String) -> SniffedMedia {
            SniffedMedia(mimeType: mimeType, fileExtension: fileExtension, animated: true, isVideo: true)
        }

        if bytes.count >= 12 && Array(bytes[4..<8]) == Array("ftyp".utf8) {
            return Array(bytes[8..<10]) == Array("qt".utf8) ? video("video/quicktime", "mov") : video("video/mp4", "mp4")
        }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
            let isWebM = data.prefix(64).range(of: Data("webm".utf8)) != nil
            return isWebM ? video("video/webm", "webm") : video("video/x-matroska", "mkv")
        }
        if bytes.starts(with: Array("FLV".utf8)) {
            return video("video/x-flv", "flv")
        }
        if bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("AVI ".utf8) {
            return video("video/x-msvideo", "avi")
        }
        if bytes.starts(with: [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) {
            return video("video/x-ms-wmv", "wmv")
        }
        if bytes.starts(with: [0x00, 0x00, 0x01, 0xBA]) || bytes.starts(with: [0x00, 0x00, 0x01, 0xB3]) {
            return video("video/mpeg", "mpeg")
        }
        return nil
    }

    /// Walks the JPEG markers to the first start-of-frame segment, which contains the size.
    private static func jpegSize(_ data: Data) -> (width: Int, height: Int) {
        let bytes = [UInt8](data.prefix(1 << 20))
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return (0, 0) }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            }
            let length = bigEndian(bytes, at: offset + 2, count: 2)
            let isStartOfFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isStartOfFrame {
                return (bigEndian(bytes, at: offset + 7, count: 2), bigEndian(bytes, at: offset + 5, count: 2))
            }
            offset += 2 + length
        }
        return (0, 0)
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        guard offset + count <= bytes.count else { return 0 }
        return bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }
}
