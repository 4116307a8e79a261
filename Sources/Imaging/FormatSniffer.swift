import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Recognises an image format from the signature at the start of a file.
public enum FormatSniffer {
    /// The number of leading bytes read, which covers every signature checked here.
    static let headerLength = 64

    /// Reads at most 64 bytes and matches magic numbers only, never the file name extension.
    public static func sniff(fileAt path: String) throws -> ImageFormat {
        format(of: try readPrefix(of: path))
    }

    /// Returns the format whose signature starts `bytes`, or `.unknown`.
    static func format(of bytes: [UInt8]) -> ImageFormat {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            return .jpeg
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return .png
        }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            return .gif
        }
        if bytes.starts(with: Array("RIFF".utf8)) && bytes.dropFirst(8).starts(with: Array("WEBP".utf8)) {
            return .webp
        }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return .tiff
        }
        if bytes.starts(with: Array("BM".utf8)) && bytes.count >= 26 {
            return .bmp
        }
        return isoMediaFormat(of: bytes)
    }

    /// Reads the ISO base media `ftyp` box that starts HEIF and AVIF files: the major brand
    /// at offset 8, then compatible brands until the end of the box.
    private static func isoMediaFormat(of bytes: [UInt8]) -> ImageFormat {
        guard bytes.count >= 16, bytes[4..<8].elementsEqual("ftyp".utf8) else {
            return .unknown
        }
        let boxSize = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        let boxEnd = min(max(boxSize, 16), bytes.count)
        let brands = stride(from: 8, to: boxEnd - 3, by: 4).map {
            String(decoding: bytes[$0..<$0 + 4], as: UTF8.self)
        }

        if brands.contains(where: { ["avif", "avis"].contains($0) }) {
            return .avif
        }
        if brands.contains(where: { ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].contains($0) }) {
            return .heif
        }
        return .unknown
    }

    static func readPrefix(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            let kind: ImagingError.Kind = errno == ENOENT ? .fileNotFound : .loadFailed
            throw ImagingError(kind, path: path, message: "failed to open the file: \(reason)")
        }
        defer { close(descriptor) }

        var bytes = [UInt8](repeating: 0, count: headerLength)
        var filled = 0
        while filled < headerLength {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, headerLength - filled) }
            if count < 0 && errno == EINTR {
                continue
            }
            guard count >= 0 else {
                throw ImagingError(.loadFailed, path: path, message: "failed to read the file: \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                break
            }
            filled += count
        }
        return Array(bytes.prefix(filled))
    }
}
