import Foundation

/// A structured logger writing one line per entry to standard error (or a test sink).
///
/// Each entry is a constant message plus fields, so that lines can be searched by message and
/// filtered by run or item id. Callers put ids, paths and counts in fields, never a token or
/// secret.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug, info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool {
            lhs.rawValue < rhs.rawValue
        }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    /// How each entry is written: `level message key=value...`, or one JSON object per line
    /// for log collectors.
    public enum Format: String, Sendable {
        case text, json
    }

    public let minimumLevel: Level
    public let format: Format
    private let sink: @Sendable (String) -> Void

    public init(minimumLevel: Level = .info, format: Format = .text, sink: @escaping @Sendable (String) -> Void = Logger.standardError) {
        self.minimumLevel = minimumLevel
        self.format = format
        self.sink = sink
    }

    /// A logger that drops every entry.
    public static let silent = Logger(minimumLevel: .error) { _ in }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public func debug(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.debug, message, fields)
    }

    public func info(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.info, message, fields)
    }

    public func warning(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.warning, message, fields)
    }

    public func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.error, message, fields)
    }

    public func log(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, String>) {
        guard level >= minimumLevel else { return }
        if format == .json {
            sink(Logger.jsonLine(level, message, fields))
            return
        }
        var line = "\(level) \(message)"
        for (key, value) in fields {
            line += " \(key)=\(Logger.quoted(value))"
        }
        sink(line)
    }

    /// One JSON object with the time, level, message and fields; a field named like one of the
    /// first three is kept under a `field.` prefix.
    static func jsonLine(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, String>) -> String {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()),
            "level": level.description,
            "message": message,
        ]
        for (key, value) in fields {
            object[object[key] == nil ? key : "field." + key] = value
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Quotes values with spaces or quotes so that each line splits back into its fields.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
