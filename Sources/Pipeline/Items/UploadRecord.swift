/// Where an item landed on Imgur.
public struct UploadRecord: Sendable, Codable, Hashable {
    public var id: String
    public var link: String
    /// Lets the uploader delete the image later (anonymous uploads need it).
    public var deletehash: String?
    public var type: String?
    public var width: Int?
    public var height: Int?
    public var size: Int64?

    public init(id: String, link: String, deletehash: String?, type: String?, width: Int?, height: Int?, size: Int64?) {
        self.id = id
        self.link = link
        self.deletehash = deletehash
        self.type = type
        self.width = width
        self.height = height
        self.size = size
    }
}
