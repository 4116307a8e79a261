import Foundation

/// An uploaded image or video as Imgur describes it.
public struct ImgurImage: Sendable, Codable, Equatable {
    /// Imgur's id, 7 characters on imgur.com.
    public var id: String
    /// Direct link to the media, such as `https://i.imgur.com/ID.png`.
    public var link: String
    /// Secret that deletes the image without the owner's token; present for uploads.
    public var deletehash: String?
    /// MIME type, such as `image/png`.
    public var type: String
    public var width: Int
    public var height: Int
    /// Size in bytes.
    public var size: Int
    public var name: String?
    public var title: String?
    public var description: String?
    /// Owner's account id; 0 or nil for anonymous uploads.
    public var accountID: Int?
    /// Upload time as Unix seconds.
    public var datetime: Int?
    public var animated: Bool?
    /// MP4 link for animated images and videos.
    public var mp4: String?

    public init(
        id: String, link: String, deletehash: String? = nil, type: String = "", width: Int = 0,
        height: Int = 0, size: Int = 0, name: String? = nil, title: String? = nil,
        description: String? = nil, accountID: Int? = nil, datetime: Int? = nil,
        animated: Bool? = nil, mp4: String? = nil
    ) {
        self.id = id
        self.link = link
        self.deletehash = deletehash
        self.type = type
        self.width = width
        self.height = height
        self.size = size
        self.name = name
        self.title = title
        self.description = description
        self.accountID = accountID
        self.datetime = datetime
        self.animated = animated
        self.mp4 = mp4
    }

    enum CodingKeys: String, CodingKey {
        case id, link, deletehash, type, width, height, size, name, title, description
        case accountID = "account_id"
        case datetime, animated, mp4
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        link = container.lenientString(.link) ?? ""
        deletehash = container.lenientString(.deletehash)
        type = container.lenientString(.type) ?? ""
        width = container.lenientInt(.width) ?? 0
        height = container.lenientInt(.height) ?? 0
        size = container.lenientInt(.size) ?? 0
        name = container.lenientString(.name)
        title = container.lenientString(.title)
        description = container.lenientString(.description)
        accountID = container.lenientInt(.accountID)
        datetime = container.lenientInt(.datetime)
        animated = container.lenientBool(.animated)
        mp4 = container.lenientString(.mp4)
    }
}
