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

    /// Builds an error from libvips' error buffer and clears it. The buffer is shared by the
    /// whole process, so call this right after the failing call, before any other libvips work.
    static func fromVips(_ kind: Kind, path: String, message: String) -> ImagingError {
        ImagingError(kind, path: path, message: message, vipsMessage: takeVipsErrorText())
    }
}

/// Copies and clears libvips' process-wide error buffer.
///
/// NOTE: two threads failing at the same moment can see each other's text, because libvips
/// keeps a single buffer. The path in `ImagingError` still names the right file.
func takeVipsErrorText() -> String {
    let text = vips_error_buffer().map { String(cString: $0) } ?? ""
    vips_error_clear()
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}
