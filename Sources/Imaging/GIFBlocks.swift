import Foundation

/// Walks a GIF's block structure without decoding pixels.
///
/// libvips 8.14 (through libnsgif) accepts a GIF cut short after any complete frame, even with
/// `fail_on=error`, and reports only the frames it found, so a truncated animation decodes
/// without an error. The walk checks that the file reaches the trailer byte (0x3B).
enum GIFBlocks {
    private static let extensionIntroducer: UInt8 = 0x21
    private static let imageSeparator: UInt8 = 0x2C
    private static let trailer: UInt8 = 0x3B

    /// Throws `loadFailed` when the file ends before the trailer or holds a byte that starts no
    /// GIF block.
    static func checkComplete(at path: String) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ImagingError(.loadFailed, path: path, message: "cannot read the GIF file: \(error.localizedDescription)")
        }

        var reader = Reader(bytes: bytes)
        var frames = 0
        do {
            try reader.skipHeader()
            while true {
                let introducer = try reader.byte()
                switch introducer {
                case trailer:
                    return
                case extensionIntroducer:
                    _ = try reader.byte()
                    try reader.skipSubBlocks()
                case imageSeparator:
                    try reader.skipImage()
                    frames += 1
                default:
                    throw corrupt(path, "byte 0x\(String(introducer, radix: 16)) at offset \(reader.offset - 1) starts no GIF block")
                }
            }
        } catch is Reader.EndOfData {
            throw corrupt(path, "the file ends after \(bytes.count) bytes and \(frames) complete frames, before the GIF trailer")
        }
    }

    private static func corrupt(_ path: String, _ reason: String) -> ImagingError {
        ImagingError(
            .loadFailed, path: path,
            message: "the GIF data is truncated or corrupt (\(reason)); re-export or re-download the file"
        )
    }

    /// A cursor over the file's bytes that throws `EndOfData` instead of reading past the end.
    private struct Reader {
        struct EndOfData: Error {}

        let bytes: Data
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else {
                throw EndOfData()
            }
            defer { offset += 1 }
            return bytes[bytes.startIndex + offset]
        }

        mutating func skip(_ count: Int) throws {
            guard count <= bytes.count - offset else {
                throw EndOfData()
            }
            offset += count
        }

        /// Skips the signature, the logical screen descriptor and any global colour table.
        mutating func skipHeader() throws {
            try skip(6 + 4)
            let packed = try byte()
            try skip(2)
            try skipColourTable(packed)
        }

        /// Skips an image descriptor after its separator, any local colour table, the LZW
        /// minimum code size and the image data.
        mutating func skipImage() throws {
            try skip(8)
            let packed = try byte()
            try skipColourTable(packed)
            _ = try byte()
            try skipSubBlocks()
        }

        /// Skips a colour table when bit 7 of a descriptor's packed byte flags one: 3 bytes
        /// per entry and 2^(n+1) entries, n being the low 3 bits.
        mutating func skipColourTable(_ packed: UInt8) throws {
            if packed & 0x80 != 0 {
                try skip(3 << (Int(packed & 0x07) + 1))
            }
        }

        /// Skips data sub-blocks, each a length byte and that many bytes, up to the empty one.
        mutating func skipSubBlocks() throws {
            while true {
                let length = Int(try byte())
                if length == 0 {
                    return
                }
                try skip(length)
            }
        }
    }
}
