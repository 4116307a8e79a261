import COpenSSL

/// A failed OpenSSL or file operation, with OpenSSL's error text and the file involved.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// A plain description of the operation that failed.
    public let message: String

    /// The file being read, when the failure concerns a file.
    public let path: String?

    /// The text of OpenSSL's error queue (or `strerror` for I/O), when there is one.
    public let underlying: String?

    public init(_ message: String, path: String? = nil, underlying: String? = nil) {
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let path {
            text += " (file: \(path))"
        }
        if let underlying, !underlying.isEmpty {
            text += ": \(underlying)"
        }
        return text
    }

    /// Builds an error from OpenSSL's thread-local error queue, draining it so later calls
    /// start clean.
    static func openSSL(_ message: String) -> CryptoError {
        CryptoError(message, underlying: drainOpenSSLErrors())
    }
}

/// Returns every queued OpenSSL error as one line and empties the queue.
func drainOpenSSLErrors() -> String {
    var lines: [String] = []
    var buffer = [CChar](repeating: 0, count: 256)

    while case let code = ERR_get_error(), code != 0 {
        ERR_error_string_n(code, &buffer, buffer.count)
        lines.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return lines.isEmpty ? "no OpenSSL error queued" : lines.joined(separator: "; ")
}
