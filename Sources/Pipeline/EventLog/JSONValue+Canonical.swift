extension JSONValue {
    /// The value as compact JSON with object keys sorted by Unicode code point and no
    /// spaces, so that equal values always give the same text.
    ///
    /// Doubles are written in Swift's shortest round-trip form, which always has a `.` or an
    /// exponent, so `JSONValue(parsing:)` reads them back as doubles. JSON has no NaN or
    /// infinity, so non-finite doubles are written as `null`.
    public var canonicalJSON: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let bool):
            output += bool ? "true" : "false"
        case .integer(let integer):
            output += String(integer)
        case .double(let double):
            output += double.isFinite ? double.description : "null"
        case .string(let string):
            Self.writeString(string, to: &output)
        case .array(let elements):
            writeArray(elements, to: &output)
        case .object(let members):
            writeObject(members, to: &output)
        }
    }

    private func writeArray(_ elements: [JSONValue], to output: inout String) {
        output += "["
        for (index, element) in elements.enumerated() {
            if index > 0 { output += "," }
            element.write(to: &output)
        }
        output += "]"
    }

    private func writeObject(_ members: [String: JSONValue], to output: inout String) {
        // UTF-8 byte order equals code point order, and does not depend on the locale.
        let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        output += "{"
        for (index, key) in keys.enumerated() {
            if index > 0 { output += "," }
            Self.writeString(key, to: &output)
            output += ":"
            members[key]!.write(to: &output)
        }
        output += "}"
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
