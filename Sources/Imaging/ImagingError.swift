import Foundation
import CVips

/// A failed image operation. The description always names the file, because libvips'
/// own messages often do not.
public struct ImagingError: Error, CustomStringConvertible, Sendable {
    /// The category of failure, for callers that react differently to each.
    public enum Kind: String, Sendable, Codable {
        case initializationFailed
        case fileNotFound
        case emptyFile
        case unsupportedFormat
        case tooManyPixels
        case invalidRequest
        case loadFailed
        case writeFailed
    }

    public let kind: Kind
    public let path: String
    /// A plain description of the failure and what to do about it.
    public let message: String
    /// The text libvips reported, when the failure came from libvips.
    public let vipsMessage: String?

    public init(_ kind: Kind, path: String, message: String, vipsMessage: String? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.vipsMessage = vipsMessage
    }

    public var description: String {
        var text = "\(path): \(message)"
        if let vipsMessage, !vipsMessage.isEmpty {
            text += " (libvips: \(vipsMessage))"
        }
        return text
    }
}

/// Copies and clears libvips' process-wide error buffer. In the library only `VipsCall` reads it, holding the
/// exclusive lock, so that the text is the failed call's own.
func takeVipsErrorText() -> String {
    let text = vips_error_buffer().map { String(cString: $0) } ?? ""
    vips_error_clear()
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}
