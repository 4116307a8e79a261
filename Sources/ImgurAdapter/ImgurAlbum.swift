import Foundation

/// A newly created album. Imgur returns the deletehash for anonymous albums, and uploads made
/// with Client-ID name the album by it.
public struct ImgurAlbum: Sendable, Codable, Equatable {
    public var id: String
    public var deletehash: String?

    public init(id: String, deletehash: String? = nil) {
        self.id = id
        self.deletehash = deletehash
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        deletehash = container.lenientString(.deletehash)
    }
}
