import Foundation

/// Reads `.env` files: one `KEY=value` a line, with `#` comments, an optional `export `
/// prefix, and values in single quotes (taken literally) or double quotes (with `\n`, `\t`,
/// `\"` and `\\` escapes). An unquoted value ends at ` #`.
public enum DotEnv {
    /// Parses `.env` text; lines that are not `KEY=value` are skipped, because a `.env`
    /// file is shared with other tools that accept looser syntax.
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let (key, value) = parseLine(String(line)) {
                values[key] = value
            }
        }
        return values
    }

    /// Reads `.env` in `directory`; returns an empty dictionary when the file does not exist.
    public static func load(directory: String) throws -> [String: String] {
        let path = (directory as NSString).appendingPathComponent(".env")
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        return parse(try String(contentsOfFile: path, encoding: .utf8))
    }

    static func parseLine(_ line: String) -> (String, String)? {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        guard !rest.isEmpty, rest.first != "#" else { return nil }
        if rest.hasPrefix("export ") {
            rest = rest.dropFirst("export ".count).drop { $0 == " " }
        }

        guard let equals = rest.firstIndex(of: "=") else { return nil }
        let key = rest[..<equals].trimmingCharacters(in: .whitespaces)
        guard isValidKey(key) else { return nil }

        let rawValue = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
        return (key, value(of: rawValue))
    }

    private static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else {
            return false
        }
        return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }

    private static func value(of raw: Substring) -> String {
        if raw.first == "'", let close = raw.dropFirst().firstIndex(of: "'") {
            return String(raw[raw.index(after: raw.startIndex)..<close])
        }
        if raw.first == "\"" {
            return doubleQuoted(raw.dropFirst())
        }
        let withoutComment = raw.range(of: " #").map { raw[..<$0.lowerBound] } ?? raw
        return withoutComment.trimmingCharacters(in: .whitespaces)
    }

    private static func doubleQuoted(_ body: Substring) -> String {
        var result = ""
        var escaping = false
        for character in body {
            if escaping {
                result.append(unescaped(character))
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func unescaped(_ character: Character) -> Character {
        switch character {
        case "n": "\n"
        case "t": "\t"
        case "r": "\r"
        default: character
        }
    }
}
