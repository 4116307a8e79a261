/// The file the resize stage hands on for upload.
public struct PreparedFile: Sendable, Codable, Hashable {
    /// A work file under the state directory, or the source itself when nothing needed doing.
    public var path: String
    public var sha256: String
    public var format: String
    public var width: Int
    public var height: Int
    public var byteSize: Int64
    /// False when the source's bytes were passed on untouched.
    public var rewritten: Bool
    /// The video container ("mp4", "quicktime", ...) when the file is a video, which goes to
    /// Imgur's `video` field; nil for an image.
    public var videoContainer: String?

    public init(
        path: String, sha256: String, format: String, width: Int, height: Int, byteSize: Int64, rewritten: Bool,
        videoContainer: String? = nil
    ) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.width = width
        self.height = height
        self.byteSize = byteSize
        self.rewritten = rewritten
        self.videoContainer = videoContainer
    }
}
