/// Reads the few facts of an ICC profile that decide whether pixels need a colour transform.
///
/// An ICC profile of version 2 or 4 starts with a 128-byte header, then a tag count and a table
/// of 12-byte entries. The description is a `desc` tag of type `desc` (version 2, ASCII) or
/// `mluc` (version 4, UTF-16BE).
public struct ICCProfile: Sendable, Codable, Equatable {
    /// The header's data colour space signature, such as "RGB " or "CMYK".
    public let colourSpace: String
    /// The profile description, such as "sRGB IEC61966-2.1" or "Display P3", or nil when the
    /// profile has no readable `desc` tag.
    public let description: String?

    /// Parses `bytes`, or returns nil when they are too short to be a profile.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 132 else {
            return nil
        }
        colourSpace = String(decoding: bytes[16..<20], as: UTF8.self)
        description = Self.tagOffset("desc", in: bytes).flatMap { Self.text(at: $0, in: bytes) }
    }

    /// True for an RGB profile whose description starts with "sRGB", as libvips' built-in
    /// profile ("sRGB") and the common "sRGB IEC61966-2.1" do.
    ///
    /// NOTE: this goes by the name, not by the primaries and tone curves, so a profile that
    /// calls itself sRGB but differs from it is taken as sRGB and its pixels are not converted.
    public var isSRGB: Bool {
        colourSpace == "RGB " && (description?.hasPrefix("sRGB") ?? false)
    }

    private static func tagOffset(_ signature: String, in bytes: [UInt8]) -> Int? {
        let count = Int(bigEndianInteger(at: 128, in: bytes) ?? 0)
        let expected = Array(signature.utf8)

        for index in 0..<min(count, 1024) {
            let entry = 132 + index * 12
            guard entry + 12 <= bytes.count else {
                return nil
            }
            if Array(bytes[entry..<entry + 4]) == expected {
                return bigEndianInteger(at: entry + 4, in: bytes).map(Int.init)
            }
        }
        return nil
    }

    /// Decodes a `desc` (ASCII) or `mluc` (first record, UTF-16BE) text tag at `offset`.
    private static func text(at offset: Int, in bytes: [UInt8]) -> String? {
        guard offset >= 0, offset + 12 <= bytes.count else {
            return nil
        }
        let type = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)

        switch type {
        case "desc":
            guard let length = bigEndianInteger(at: offset + 8, in: bytes).map(Int.init),
                  offset + 12 + length <= bytes.count
            else {
                return nil
            }
            let characters = bytes[offset + 12..<offset + 12 + length].prefix { $0 != 0 }
            return String(decoding: characters, as: UTF8.self)
        case "mluc":
            guard let length = bigEndianInteger(at: offset + 20, in: bytes).map(Int.init),
                  let start = bigEndianInteger(at: offset + 24, in: bytes).map({ offset + Int($0) }),
                  start + length <= bytes.count
            else {
                return nil
            }
            let units = stride(from: start, to: start + length - 1, by: 2).map {
                UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
            }
            return String(decoding: units, as: UTF16.self)
        default:
            return nil
        }
    }

    private static func bigEndianInteger(at offset: Int, in bytes: [UInt8]) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else {
            return nil
        }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
