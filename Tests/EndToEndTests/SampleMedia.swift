import Foundation

/// Small media files that the shared sample images lack, built byte by byte: an APNG with a
/// text chunk and an MP4 container.
enum SampleMedia {
    /// Builds a two-frame APNG from a still PNG. The second frame (`fcTL` + `fdAT`) reuses the
    /// first frame's compressed data, and a `tEXt` chunk names a camera serial number that
    /// preparation must remove.
    static func animatedPNG(from stillPNG: Data) throws -> Data {
        let chunks = try pngChunks(stillPNG)
        guard let header = chunks.first(where: { $0.type == "IHDR" }), let image = chunks.first(where: { $0.type == "IDAT" }) else {
            throw HarnessError("the PNG to animate has no IHDR or IDAT chunk")
        }
        let width = Array(header.body[0..<4])
        let height = Array(header.body[4..<8])

        var output = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        output += chunk("IHDR", header.body)
        output += chunk("tEXt", Array("SerialNumber\u{0}SN123456".utf8))
        output += chunk("acTL", bigEndian(2) + bigEndian(0))
        output += chunk("fcTL", frameControl(sequence: 0, width: width, height: height))
        output += chunk("IDAT", image.body)
        output += chunk("fcTL", frameControl(sequence: 1, width: width, height: height))
        output += chunk("fdAT", bigEndian(2) + image.body)
        output += chunk("IEND", [])
        return output
    }

    /// Builds an MP4 container of an `ftyp` box with the `isom` brand and an empty `mdat` box.
    /// Videos are never decoded, so no sample data is needed.
    static func mp4() -> Data {
        let ftyp = Array("ftypisom".utf8) + bigEndian(0x200) + Array("isomiso2mp41".utf8)
        let mdat = Array("mdat".utf8) + [UInt8](repeating: 0, count: 64)
        return Data(bigEndian(UInt32(ftyp.count + 4)) + ftyp + bigEndian(UInt32(mdat.count + 4)) + mdat)
    }

    private static func frameControl(sequence: UInt32, width: [UInt8], height: [UInt8]) -> [UInt8] {
        // Offsets 0, 0; delay 1/10 s; dispose none; blend source.
        bigEndian(sequence) + width + height + bigEndian(0) + bigEndian(0) + [0, 1, 0, 10, 0, 0]
    }

    private static func pngChunks(_ data: Data) throws -> [(type: String, body: [UInt8])] {
        let bytes = [UInt8](data)
        var chunks: [(type: String, body: [UInt8])] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            chunks.append((type, Array(bytes[offset + 8..<offset + 8 + length])))
            offset += 12 + length
        }
        return chunks
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        return Data(bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// The CRC-32 of ISO 3309 that PNG chunks carry (reflected polynomial 0xEDB88320).
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
