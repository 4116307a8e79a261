/// One SQLite value, with SQLite's five storage classes.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) {
        self = .null
    }

    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }

    public init(floatLiteral value: Double) {
        self = .real(value)
    }

    public init(stringLiteral value: String) {
        self = .text(value)
    }
}

extension SQLiteValue {
    /// `.text(text)`, or `.null` when `text` is nil.
    public init(_ text: String?) {
        self = text.map { .text($0) } ?? .null
    }

    /// `.integer(integer)`, or `.null` when `integer` is nil.
    public init(_ integer: Int64?) {
        self = integer.map { .integer($0) } ?? .null
    }
}
