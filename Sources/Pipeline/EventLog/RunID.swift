import Foundation

/// The identifier of one run: UTC time to the millisecond plus a random suffix, such as
/// `20261204T201502123Z-3f9a2c`, so that identifiers sort by start time as plain strings.
public struct RunID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Makes a new identifier for a run starting at `now`.
    ///
    /// The 24 random bits make a clash between runs started in the same millisecond
    /// unlikely, not impossible.
    public static func generate(now: Date = Date()) -> RunID {
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let suffix = String(UInt32.random(in: 0..<(1 << 24)), radix: 16)
        let paddedSuffix = String(repeating: "0", count: 6 - suffix.count) + suffix
        return RunID(rawValue: "\(timestamp(milliseconds: milliseconds))-\(paddedSuffix)")
    }

    public var description: String {
        rawValue
    }

    public static func < (lhs: RunID, rhs: RunID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Formats `yyyyMMdd'T'HHmmssSSS'Z'` in UTC.
    private static func timestamp(milliseconds: Int64) -> String {
        let seconds = milliseconds.floorDivided(by: 1000)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)

        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let millisecond = Int(milliseconds - seconds * 1000)
        return padded(parts.year, 4) + padded(parts.month, 2) + padded(parts.day, 2) + "T"
            + padded(parts.hour, 2) + padded(parts.minute, 2) + padded(parts.second, 2)
            + padded(millisecond, 3) + "Z"
    }
}

extension Int64 {
    /// Divides rounding toward negative infinity, so times before 1970 keep a positive
    /// millisecond part.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
