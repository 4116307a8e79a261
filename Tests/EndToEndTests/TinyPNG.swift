import Foundation

/// Writes small uncompressed RGB PNG files whose pixels come from a number, so that a test
/// can make hundreds of distinct, valid images in milliseconds.
enum TinyPNG {
    static func data(width: Int, height: Int, seed: Int) -> Data {
        var raw = Data()
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width {
                let value = seed &* 2_654_435_761 &+ x &* 97 &+ y &* 31
                raw.append(contentsOf: [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: seed)])
            }
        }

        var header = Data()
        header.append(bigEndian: UInt32(width))
        header.append(bigEndian: UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.append(chunk: "IHDR", header)
        png.append(chunk: "IDAT", storedZlib(raw))
        png.append(chunk: "IEND", Data())
        return png
    }

    /// A zlib stream of one stored (uncompressed) deflate block; `raw` must be under 64 KiB.
    private static func storedZlib(_ raw: Data) -> Data {
        let length = UInt16(raw.count)
        var stream = Data([0x78, 0x01, 0x01])
        stream.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)])
        stream.append(raw)

        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        stream.append(bigEndian: (b << 16) | a)
        return stream
    }

    static func crc32(_ bytes: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }
}

private extension Data {
    mutating func append(bigEndian value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    mutating func append(chunk type: String, _ body: Data) {
        append(bigEndian: UInt32(body.count))
        let typed = Data(type.utf8) + body
        append(typed)
        append(bigEndian: TinyPNG.crc32(typed))
    }
}
