/// Reads tags of an ICC profile of version 2 or 4 (ICC.1:2010): a 128-byte header, a 4-byte tag
/// count at byte 128, then a table of 12-byte entries (signature, offset, size). Every read is
/// bounds-checked and returns nil for a missing or truncated tag.
struct ICCTagTable {
    let bytes: [UInt8]

    /// Returns the four characters at `offset`, such as a header signature ("RGB ") or a tag type.
    func signature(at offset: Int) -> String? {
        guard offset >= 0, offset + 4 <= bytes.count else {
            return nil
        }
        return String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    }

    /// Returns the offset of the tag named `signature`, or nil when the table has no such entry.
    func offset(of signature: String) -> Int? {
        let count = Int(uint32(at: 128) ?? 0)
        let expected = Array(signature.utf8)

        for index in 0..<min(count, 1024) {
            let entry = 132 + index * 12
            guard entry + 12 <= bytes.count else {
                return nil
            }
            if bytes[entry..<entry + 4].elementsEqual(expected) {
                return uint32(at: entry + 4).map(Int.init)
            }
        }
        return nil
    }

    func contains(_ signature: String) -> Bool {
        offset(of: signature) != nil
    }

    /// Decodes a text tag of type `desc` (version 2, ASCII) or `mluc` (version 4, the first
    /// record, UTF-16BE).
    func text(_ signature: String) -> String? {
        guard let offset = offset(of: signature), offset + 12 <= bytes.count else {
            return nil
        }

        switch self.signature(at: offset) {
        case "desc":
            guard let length = uint32(at: offset + 8).map(Int.init), offset + 12 + length <= bytes.count else {
                return nil
            }
            let characters = bytes[offset + 12..<offset + 12 + length].prefix { $0 != 0 }
            return String(decoding: characters, as: UTF8.self)
        case "mluc":
            guard let length = uint32(at: offset + 20).map(Int.init),
                  let start = uint32(at: offset + 24).map({ offset + Int($0) }),
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

    /// Decodes the first value of an `XYZ ` tag, such as a colorant (`rXYZ`) or the white
    /// point (`wtpt`).
    func xyz(_ signature: String) -> [Double]? {
        guard let offset = offset(of: signature), self.signature(at: offset) == "XYZ " else {
            return nil
        }
        let values = (0..<3).compactMap { s15Fixed16(at: offset + 8 + 4 * $0) }
        return values.count == 3 ? values : nil
    }

    /// Decodes a tone curve tag of type `curv` or `para`, such as `rTRC`.
    func toneCurve(_ signature: String) -> ICCToneCurve? {
        guard let offset = offset(of: signature) else {
            return nil
        }

        switch self.signature(at: offset) {
        case "curv":
            guard let count = uint32(at: offset + 8).map(Int.init), offset + 12 + 2 * count <= bytes.count else {
                return nil
            }
            return ICCToneCurve(curveEntries: bytes[offset + 12..<offset + 12 + 2 * count])
        case "para":
            guard offset + 12 <= bytes.count else {
                return nil
            }
            let function = Int(bytes[offset + 8]) << 8 | Int(bytes[offset + 9])
            let count = ICCToneCurve.parameterCount(ofFunction: function) ?? 0
            let parameters = (0..<count).compactMap { s15Fixed16(at: offset + 12 + 4 * $0) }
            return ICCToneCurve(function: function, parameters: parameters)
        default:
            return nil
        }
    }

    func uint32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else {
            return nil
        }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Decodes a signed 32-bit number with 16 fractional bits, the ICC encoding of XYZ values
    /// and curve parameters.
    private func s15Fixed16(at offset: Int) -> Double? {
        uint32(at: offset).map { Double(Int32(bitPattern: $0)) / 65536 }
    }
}
