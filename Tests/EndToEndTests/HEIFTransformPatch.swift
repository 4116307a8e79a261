import Foundation

/// A transformative item property of ISO/IEC 23008-12 (HEIF), as cameras write it for a
/// photograph taken turned (`irot`) or mirrored, as front cameras do (`imir`).
enum HEIFTransform: Sendable, CustomStringConvertible {
    /// `ImageRotation`: turn by this many quarter turns anticlockwise.
    case rotation(quarterTurns: UInt8)
    /// `ImageMirror`, with the meaning of its `axis` field as amended in the 2022 edition.
    case mirror(MirrorAxis)

    enum MirrorAxis: UInt8, Sendable {
        /// `axis` 0: the top and bottom parts are exchanged, as EXIF orientation 4 does.
        case topBottom = 0
        /// `axis` 1: the left and right parts are exchanged, as EXIF orientation 2 does.
        case leftRight = 1
    }

    /// The property box: a 32-bit size, the type and one byte of value.
    var box: [UInt8] {
        switch self {
        case .rotation(let quarterTurns):
            [0, 0, 0, 9] + Array("irot".utf8) + [quarterTurns & 0x03]
        case .mirror(let axis):
            [0, 0, 0, 9] + Array("imir".utf8) + [axis.rawValue]
        }
    }

    var description: String {
        switch self {
        case .rotation(let quarterTurns): "irot \(quarterTurns)"
        case .mirror(let axis): "imir \(axis.rawValue)"
        }
    }
}

/// Adds transformative properties to the primary item of a HEIF or AVIF file. The coded pixels
/// stay, and a viewer applies the properties in the order they are associated with the item.
///
/// The boxes go at the end of `meta/iprp/ipco` and are associated, in the given order, with the
/// primary item in `ipma` as essential properties. The sizes of `ipco`, `ipma`, `iprp` and
/// `meta` grow to match, and every `iloc` extent that points past the insertion moves by the
/// same number of bytes. Only what libheif's and libvips' encoders write is handled: 32-bit box
/// sizes, and `iloc` data addressed by file offset (construction method 0).
enum HEIFTransformPatch {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func adding(_ transforms: [HEIFTransform], to file: Data) throws -> Data {
        var bytes = [UInt8](file)
        let meta = try box("meta", in: bytes, from: 0, to: bytes.count)
        let children = try boxes(in: bytes, from: meta.start + 12, to: meta.end)
        let iprp = try child("iprp", of: children)
        let iprpChildren = try boxes(in: bytes, from: iprp.start + 8, to: iprp.end)
        let ipco = try child("ipco", of: iprpChildren)
        let ipma = try child("ipma", of: iprpChildren)

        let firstIndex = try boxes(in: bytes, from: ipco.start + 8, to: ipco.end).count + 1
        let primaryItem = try primaryItemID(in: bytes, pitm: try child("pitm", of: children))
        let association = try associationInsertion(
            in: &bytes, ipma: ipma, item: primaryItem, properties: firstIndex..<firstIndex + transforms.count
        )
        let properties = transforms.flatMap(\.box)

        let growth = properties.count + association.bytes.count
        let firstInsertion = min(ipco.end, association.offset)
        try shiftExtents(in: &bytes, iloc: try child("iloc", of: children), pastOffset: firstInsertion, by: growth)

        // Sizes are fixed before inserting, while the boxes' own offsets are still valid.
        try addToSize(of: meta, in: &bytes, growth)
        try addToSize(of: iprp, in: &bytes, growth)
        try addToSize(of: ipco, in: &bytes, properties.count)
        try addToSize(of: ipma, in: &bytes, association.bytes.count)
        for insertion in [(ipco.end, properties), (association.offset, association.bytes)].sorted(by: { $0.0 > $1.0 }) {
            bytes.insert(contentsOf: insertion.1, at: insertion.0)
        }
        return Data(bytes)
    }

    // MARK: Boxes

    struct Box {
        let type: String
        let start: Int
        let end: Int
    }

    private static func boxes(in bytes: [UInt8], from start: Int, to end: Int) throws -> [Box] {
        var found: [Box] = []
        var offset = start

        while offset + 8 <= end {
            let size = Int(integer(in: bytes, at: offset, size: 4))
            guard size >= 8, offset + size <= end else {
                throw Failure(description: "unsupported or broken box size \(size) at byte \(offset)")
            }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            found.append(Box(type: type, start: offset, end: offset + size))
            offset += size
        }
        return found
    }

    private static func box(_ type: String, in bytes: [UInt8], from start: Int, to end: Int) throws -> Box {
        try child(type, of: boxes(in: bytes, from: start, to: end))
    }

    private static func child(_ type: String, of boxes: [Box]) throws -> Box {
        guard let found = boxes.first(where: { $0.type == type }) else {
            throw Failure(description: "no \(type) box")
        }
        return found
    }

    private static func addToSize(of box: Box, in bytes: inout [UInt8], _ growth: Int) throws {
        let size = integer(in: bytes, at: box.start, size: 4) + UInt64(growth)
        store(size, in: &bytes, at: box.start, size: 4)
    }

    // MARK: Items and properties

    private static func primaryItemID(in bytes: [UInt8], pitm: Box) throws -> UInt64 {
        let version = bytes[pitm.start + 8]
        return integer(in: bytes, at: pitm.start + 12, size: version == 0 ? 2 : 4)
    }

    /// Finds where the primary item's association list ends, raises its count in place, and
    /// returns the entries to insert there: the essential bit and each property's index.
    private static func associationInsertion(
        in bytes: inout [UInt8], ipma: Box, item: UInt64, properties: Range<Int>
    ) throws -> (offset: Int, bytes: [UInt8]) {
        let version = bytes[ipma.start + 8]
        let wideIndices = bytes[ipma.start + 11] & 0x01 == 1
        let itemIDSize = version == 0 ? 2 : 4
        let entrySize = wideIndices ? 2 : 1
        let entryCount = integer(in: bytes, at: ipma.start + 12, size: 4)
        var offset = ipma.start + 16

        for _ in 0..<entryCount {
            let itemID = integer(in: bytes, at: offset, size: itemIDSize)
            let countOffset = offset + itemIDSize
            let associations = Int(bytes[countOffset])
            let end = countOffset + 1 + associations * entrySize

            if itemID == item {
                guard associations + properties.count <= 255, properties.upperBound <= (wideIndices ? 0x8000 : 0x80) else {
                    throw Failure(description: "the primary item has no room for \(properties.count) more properties")
                }
                bytes[countOffset] += UInt8(properties.count)
                let entries = properties.flatMap { property -> [UInt8] in
                    wideIndices ? [0x80 | UInt8(property >> 8), UInt8(property & 0xFF)] : [0x80 | UInt8(property)]
                }
                return (end, entries)
            }
            offset = end
        }
        throw Failure(description: "ipma has no entry for the primary item \(item)")
    }

    // MARK: Item locations

    /// Moves every extent that starts at or after `pastOffset`: through the item's base
    /// offset when it has one, otherwise through the extent's own offset.
    private static func shiftExtents(in bytes: inout [UInt8], iloc: Box, pastOffset: Int, by growth: Int) throws {
        let version = bytes[iloc.start + 8]
        let offsetSize = Int(bytes[iloc.start + 12] >> 4)
        let lengthSize = Int(bytes[iloc.start + 12] & 0x0F)
        let baseOffsetSize = Int(bytes[iloc.start + 13] >> 4)
        let indexSize = version >= 1 ? Int(bytes[iloc.start + 13] & 0x0F) : 0
        let itemCountSize = version < 2 ? 2 : 4
        let itemCount = integer(in: bytes, at: iloc.start + 14, size: itemCountSize)
        var offset = iloc.start + 14 + itemCountSize

        for _ in 0..<itemCount {
            offset += version < 2 ? 2 : 4
            if version >= 1 {
                let constructionMethod = integer(in: bytes, at: offset, size: 2) & 0x0F
                guard constructionMethod == 0 else {
                    throw Failure(description: "iloc construction method \(constructionMethod) is not supported")
                }
                offset += 2
            }
            offset += 2
            let baseOffsetAt = offset
            let baseOffset = integer(in: bytes, at: offset, size: baseOffsetSize)
            offset += baseOffsetSize
            let extentCount = integer(in: bytes, at: offset, size: 2)
            offset += 2

            if baseOffsetSize > 0, baseOffset >= UInt64(pastOffset) {
                store(baseOffset + UInt64(growth), in: &bytes, at: baseOffsetAt, size: baseOffsetSize)
                offset += Int(extentCount) * (indexSize + offsetSize + lengthSize)
                continue
            }
            for _ in 0..<extentCount {
                offset += indexSize
                let extentOffset = integer(in: bytes, at: offset, size: offsetSize)
                if baseOffset + extentOffset >= UInt64(pastOffset) {
                    guard offsetSize > 0 else {
                        throw Failure(description: "an iloc extent past the insertion has no offset field to move")
                    }
                    store(extentOffset + UInt64(growth), in: &bytes, at: offset, size: offsetSize)
                }
                offset += offsetSize + lengthSize
            }
        }
    }

    // MARK: Big-endian integers

    private static func integer(in bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        bytes[offset..<offset + size].reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func store(_ value: UInt64, in bytes: inout [UInt8], at offset: Int, size: Int) {
        for index in 0..<size {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(size - 1 - index)))
        }
    }
}
