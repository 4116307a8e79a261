import Crypto
import Glibc
import SQLite

/// Checks each row of `ChainWalk`'s query against the chain straight from SQLite's column
/// buffers, with one reused SHA-256 context, so that no string or array is made per event.
/// The rules are those of `EventChain`. `ChainWalk` decodes a row that fails into strings
/// again to classify the fault.
///
/// Columns of the query: 0 seq, 1 run_id, 2 item_id, 3 stage, 4 type, 5 payload, 6 time,
/// 7 pruned, 8 content_sha256, 9 prev_hash, 10 hash.
final class ChainRowCheck {
    private static let hexLength = 64
    /// The text columns of the content digest in its order, with whether NULL counts as empty.
    private static let textColumns: [(Int32, Bool)] = [(1, true), (2, false), (3, false), (4, true), (5, true)]

    private let hasher = ReusableSHA256Hasher()
    private let computed = UnsafeMutableRawBufferPointer.allocate(byteCount: hexLength, alignment: 16)
    /// The hash of the last accepted row, or `genesis` before the first.
    private var previous = UnsafeMutableRawBufferPointer.allocate(byteCount: hexLength, alignment: 16)
    /// The hash of the row before the last accepted one, or `genesis`.
    private var beforePrevious = UnsafeMutableRawBufferPointer.allocate(byteCount: hexLength, alignment: 16)

    init() {
        let genesis = Array(EventChain.genesis.utf8)
        previous.copyBytes(from: genesis)
        beforePrevious.copyBytes(from: genesis)
    }

    deinit {
        computed.deallocate()
        previous.deallocate()
        beforePrevious.deallocate()
    }

    var previousHash: String {
        String(decoding: previous, as: UTF8.self)
    }

    var beforePreviousHash: String {
        String(decoding: beforePrevious, as: UTF8.self)
    }

    /// Returns whether the current row of `row` links to the last accepted row and matches
    /// its stored hashes. An accepted row becomes the last accepted row.
    func accept(_ row: Statement) throws -> Bool {
        guard try row.withTextBytes(at: 9, { Self.equalHex($0, UnsafeRawBufferPointer(previous)) }) else { return false }

        // hash = SHA-256 of prev_hash followed by content_sha256, as hex text.
        hasher.update(UnsafeRawBufferPointer(previous))
        try row.withTextBytes(at: 8) { hasher.update($0 ?? UnsafeRawBufferPointer(start: nil, count: 0)) }
        hasher.finalizeHex(into: computed)
        guard try row.withTextBytes(at: 10, { Self.equalHex($0, UnsafeRawBufferPointer(computed)) }) else { return false }

        if try row.int64(at: 7) == 0 {
            try hashContent(of: row)
            guard try row.withTextBytes(at: 8, { Self.equalHex($0, UnsafeRawBufferPointer(computed)) }) else { return false }
        }

        swap(&previous, &beforePrevious)
        try row.withTextBytes(at: 10) { stored in
            if let stored {
                previous.copyMemory(from: stored)
            }
        }
        return true
    }

    /// Writes the hex digest of the row's canonical encoding (`EventChain.contentDigest`) into
    /// `computed`. As there, NULL in run_id, type or payload counts as empty text, and NULL in
    /// item_id or stage is written as `~`.
    private func hashContent(of row: Statement) throws {
        for (column, nullAsEmpty) in Self.textColumns {
            try row.withTextBytes(at: column) { bytes in
                guard let bytes else {
                    if nullAsEmpty {
                        updateDecimal(0)
                        update(":")
                    } else {
                        update("~")
                    }
                    return
                }
                updateDecimal(Int64(bytes.count))
                update(":")
                hasher.update(bytes)
            }
        }

        let time = try row.int64(at: 6)
        updateDecimal(Int64(Self.decimalLength(time)))
        update(":")
        updateDecimal(time)
        hasher.finalizeHex(into: computed)
    }

    private func update(_ text: StaticString) {
        text.withUTF8Buffer { hasher.update(UnsafeRawBufferPointer($0)) }
    }

    /// Adds `value` in decimal, as `String(value)` writes it.
    private func updateDecimal(_ value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                update("-")
            }
            hasher.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[start...])))
        }
    }

    private static func decimalLength(_ value: Int64) -> Int {
        var magnitude = value.magnitude
        var length = value < 0 ? 2 : 1
        while magnitude >= 10 {
            magnitude /= 10
            length += 1
        }
        return length
    }

    private static func equalHex(_ stored: UnsafeRawBufferPointer?, _ expected: UnsafeRawBufferPointer) -> Bool {
        guard let stored, stored.count == hexLength, let storedBase = stored.baseAddress else { return false }
        return memcmp(storedBase, expected.baseAddress!, hexLength) == 0
    }
}
