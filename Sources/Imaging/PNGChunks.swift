import Foundation

/// Reads and filters PNG chunks without decoding pixels, for APNG files that libvips 8.14
/// cannot re-encode (it reads only the first frame).
public enum PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Chunks that carry text, EXIF (with GPS) or a timestamp. `iCCP` is kept, because it
    /// describes the colours rather than the person or place.
    static let metadataTypes: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]

    /// Returns the frame count of an APNG's `acTL` chunk, or nil for a still PNG. The chunk
    /// must come before the first `IDAT`, so the walk stops there.
    public static func animationFrameCount(at path: String) throws -> Int? {
        var frames: Int?
        try walk(path) { type, _, body in
            if type == "acTL", body.count >= 4 {
                frames = body.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            }
            return type != "IDAT" && type != "acTL"
        }
        return frames
    }

    /// Copies `source` to `destination` chunk by chunk, leaving out the metadata chunks, so
    /// every frame stays byte for byte as it was. Returns the number of chunks left out.
    @discardableResult
    public static func copyWithoutMetadata(from source: String, to destination: String) throws -> Int {
        guard FileManager.default.createFile(atPath: destination, contents: nil) else {
            throw ImagingError(.writeFailed, path: destination, message: "cannot create the output file; check that its folder is writable")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: destination))
        defer { try? output.close() }

        try output.write(contentsOf: Data(signature))
        var removed = 0
        try walk(source) { type, raw, _ in
            if metadataTypes.contains(type) {
                removed += 1
            } else {
                try output.write(contentsOf: raw)
            }
            return true
        }
        return removed
    }

    /// Throws `loadFailed` when the file ends inside a chunk or before `IEND`. libvips 8.14
    /// decodes only an APNG's first frame, so it cannot notice that later frames are cut off.
    static func checkComplete(at path: String) throws {
        var reachedEnd = false
        try walk(path) { type, _, _ in
            reachedEnd = type == "IEND"
            return true
        }
        guard reachedEnd else {
            throw ImagingError(
                .loadFailed, path: path,
                message: "the png data is truncated or corrupt (the file ends before its IEND chunk); "
                    + "re-export or re-download the file"
            )
        }
    }

    /// Calls `visit` with each chunk's type, its raw bytes (length, type, body, CRC) and its
    /// body, until `visit` returns false or `IEND` is reached.
    private static func walk(_ path: String, _ visit: (String, Data, Data) throws -> Bool) throws {
        guard let input = FileHandle(forReadingAtPath: path) else {
            throw ImagingError(.fileNotFound, path: path, message: "cannot open the PNG file")
        }
        defer { try? input.close() }

        guard let start = try input.read(upToCount: 8), [UInt8](start) == signature else {
            throw ImagingError(.unsupportedFormat, path: path, message: "not a PNG file: the signature does not match")
        }
        while let head = try input.read(upToCount: 8), head.count == 8 {
            let bytes = [UInt8](head)
            let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[4..<8], as: UTF8.self)
            guard length <= Int(Int32.max), let rest = try input.read(upToCount: length + 4), rest.count == length + 4 else {
                throw ImagingError(.loadFailed, path: path, message: "the PNG chunk \(type) is truncated; the file is corrupt")
            }
            guard try visit(type, head + rest, rest.prefix(length)), type != "IEND" else {
                return
            }
        }
    }
}
