import Foundation

/// An upload the sandbox stored, as tests and the demo inspect it.
public struct SandboxImage: Sendable, Equatable {
    public var id: String
    public var deletehash: String
    public var name: String?
    public var title: String?
    public var description: String?
    /// MIME type sniffed from the bytes, such as `image/png`.
    public var type: String
    public var width: Int
    public var height: Int
    /// Size in bytes.
    public var size: Int
    /// SHA-256 of the stored bytes, lowercase hex.
    public var sha256: String
    public var fileURL: URL
    /// Owner's account id, 0 for anonymous uploads.
    public var accountID: Int
    public var albumID: String?
    public var animated: Bool
    /// Upload time as Unix seconds.
    public var datetime: Int

    /// File extension of the served link, from the MIME type.
    var fileExtension: String {
        fileURL.pathExtension
    }
}
