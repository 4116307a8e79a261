/// Durations as definitions write them: a whole number and one unit, `ms`, `s`, `m` or `h`.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000),
    ]

    /// Parses `500ms`, `2s`, `5m` or `1h`; returns nil for anything else.
    public static func parse(_ text: String) -> Duration? {
        // "ms" is tried before "m" and "s" so that `500ms` is not read as minutes.
        for (suffix, milliseconds) in units.sorted(by: { $0.suffix.count > $1.suffix.count }) {
            guard text.hasSuffix(suffix) else { continue }
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit),
                  let count = Int64(number), count <= Int64.max / milliseconds else { return nil }
            return .milliseconds(count * milliseconds)
        }
        return nil
    }

    /// Writes `duration` in the largest unit that divides it, such as `5m` or `1500ms`.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        for (suffix, size) in units.reversed() where milliseconds % size == 0 && milliseconds != 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}

/// Byte sizes as definitions write them: `10MB` (10^6 multiples), `10MiB` (2^20 multiples),
/// `B`, `KB`, `KiB`, `GB`, `GiB`, or a bare number of bytes.
public enum SizeText {
    private static let units: [(suffix: String, bytes: Int64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
    ]

    /// Parses a size; returns nil for anything else, including a value too large for `Int64`.
    public static func parse(_ text: String) -> Int64? {
        if text.allSatisfy(\.isASCIIDigit) { return Int64(text) }

        for (suffix, bytes) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit),
                  let count = Int64(number), count <= Int64.max / bytes else { return nil }
            return count * bytes
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool {
        isASCII && isNumber
    }
}
