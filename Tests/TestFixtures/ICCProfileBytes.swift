import Foundation

/// Edits a profile in place, keeping every tag's offset and size, so that the rest of the
/// profile stays as libvips wrote it.
public enum ICCProfileBytes {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Overwrites the ASCII text of the `desc` tag (version 2 `desc` type), padding with NULs.
    public static func renameDescription(in bytes: inout [UInt8], to name: String) throws {
        let offset = try tagOffset("desc", in: bytes)
        let length = Int(integer(in: bytes, at: offset + 8))
        guard typeSignature(at: offset, in: bytes) == "desc", name.utf8.count < length else {
            throw Failure(description: "the desc tag is not an ASCII desc of more than \(name.utf8.count) bytes")
        }
        let text = Array(name.utf8) + [UInt8](repeating: 0, count: length - name.utf8.count)
        bytes.replaceSubrange(offset + 12..<offset + 12 + length, with: text)
    }

    /// Refills the 16-bit `curv` tables of `rTRC`, `gTRC` and `bTRC` with `curve` sampled at
    /// evenly spaced encoded values.
    public static func replaceCurveTables(in bytes: inout [UInt8], with curve: (Double) -> Double) throws {
        for signature in ["rTRC", "gTRC", "bTRC"] {
            let offset = try tagOffset(signature, in: bytes)
            let count = Int(integer(in: bytes, at: offset + 8))
            guard typeSignature(at: offset, in: bytes) == "curv", count > 1 else {
                throw Failure(description: "\(signature) is not a curv table")
            }
            for index in 0..<count {
                let value = UInt16((curve(Double(index) / Double(count - 1)) * 65535).rounded())
                bytes[offset + 12 + 2 * index] = UInt8(value >> 8)
                bytes[offset + 13 + 2 * index] = UInt8(value & 0xFF)
            }
        }
    }

    /// Writes a `para` tag over each tone curve tag, which fits because the `curv` tables it
    /// replaces are larger.
    public static func replaceCurves(
        in bytes: inout [UInt8], withParametricFunction function: UInt16, parameters: [Double]
    ) throws {
        var tag = Array("para".utf8) + [0, 0, 0, 0, UInt8(function >> 8), UInt8(function & 0xFF), 0, 0]
        for parameter in parameters {
            tag += bigEndian(UInt32(bitPattern: Int32((parameter * 65536).rounded())))
        }
        for signature in ["rTRC", "gTRC", "bTRC"] {
            let offset = try tagOffset(signature, in: bytes)
            bytes.replaceSubrange(offset..<offset + tag.count, with: tag)
        }
    }

    /// Edits the ICC profile embedded in a JPEG's single APP2 `ICC_PROFILE` segment. `edit` must
    /// keep the profile's length, so no marker moves.
    public static func editEmbeddedProfile(inJPEG jpeg: inout [UInt8], _ edit: (inout [UInt8]) throws -> Void) throws {
        let header = Array("ICC_PROFILE".utf8) + [0]
        var offset = 2

        while offset + 4 <= jpeg.count, jpeg[offset] == 0xFF, jpeg[offset + 1] != 0xDA {
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            let payload = offset + 4
            if jpeg[offset + 1] == 0xE2, Array(jpeg[payload..<payload + header.count]) == header {
                // After the identifier come the chunk's sequence number and the chunk count.
                let profileRange = payload + header.count + 2..<offset + 2 + length
                var profile = Array(jpeg[profileRange])
                try edit(&profile)
                guard profile.count == profileRange.count else {
                    throw Failure(description: "the edit changed the profile's length")
                }
                jpeg.replaceSubrange(profileRange, with: profile)
                return
            }
            offset += 2 + length
        }
        throw Failure(description: "the JPEG has no ICC_PROFILE segment before its image data")
    }

    /// The sRGB transfer function of IEC 61966-2-1, from an encoded value to linear light.
    public static func sRGBLinear(_ encoded: Double) -> Double {
        encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4)
    }

    private static func tagOffset(_ signature: String, in bytes: [UInt8]) throws -> Int {
        let count = Int(integer(in: bytes, at: 128))
        for index in 0..<count {
            let entry = 132 + 12 * index
            if typeSignature(at: entry, in: bytes) == signature {
                return Int(integer(in: bytes, at: entry + 4))
            }
        }
        throw Failure(description: "the profile has no \(signature) tag")
    }

    private static func typeSignature(at offset: Int, in bytes: [UInt8]) -> String {
        String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    }

    private static func integer(in bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * (3 - $0))) }
    }
}
