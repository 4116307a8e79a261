import Foundation
import HTTPServer

extension SandboxRouter {
    /// `GET /3/account/me`: `data.url` is the username.
    func account() -> HTTPResponse {
        SandboxReply.success([
            "id": configuration.accountID,
            "url": configuration.username,
            "bio": NSNull(),
            "avatar": NSNull(),
            "reputation": 0,
            "reputation_name": "Neutral",
            "created": 1_600_000_000,
            "pro_expiration": false,
        ])
    }

    /// `GET /3/account/me/settings`, the only place with the email.
    func settings() -> HTTPResponse {
        SandboxReply.success([
            "account_url": configuration.username,
            "email": configuration.email,
            "active_emails": [String](),
            "public_images": false,
            "album_privacy": "secret",
            "pro_expiration": false,
            "accepted_gallery_terms": true,
            "messaging_enabled": true,
            "blocked_users": [String](),
            "show_mature": false,
            "first_party": true,
        ])
    }

    /// `GET /3/account/me/images[/page]`: the account's uploads, newest first, 50 a page.
    func accountImages(page: Int) -> HTTPResponse {
        let accountID = configuration.accountID
        let images = store.withState { Array($0.images.values) }
            .filter { $0.accountID == accountID }
            .sorted { ($0.datetime, $0.id) > ($1.datetime, $1.id) }
        let pageImages = images.dropFirst(max(0, page) * 50).prefix(50)
        return SandboxReply.success(pageImages.map { json(for: $0) })
    }

    /// `GET /3/credits`.
    func credits() -> HTTPResponse {
        let (hourly, daily, hourStart) = store.withState { ($0.hourlyRequests, $0.dailyRequests, $0.hourStart) }
        return SandboxReply.success([
            "UserLimit": 500,
            "UserRemaining": max(0, 500 - hourly),
            "UserReset": Int(hourStart.timeIntervalSince1970) + 3600,
            "ClientLimit": 12_500,
            "ClientRemaining": max(0, 12_500 - daily),
        ])
    }

    /// `POST /3/album` with `title` (and optional `description`), form or multipart encoded.
    func createAlbum(_ request: HTTPRequest, caller: Caller) -> HTTPResponse {
        let fields = FormParsing.fields(body: request.body, contentType: request.header("Content-Type"))
        let album = SandboxStore.Album(
            id: RandomID.make(length: 7),
            deletehash: RandomID.make(length: 15),
            title: fields["title"]?.text,
            accountID: caller == .account ? configuration.accountID : 0
        )
        store.withState { $0.albums[album.id] = album }
        return SandboxReply.success(["id": album.id, "deletehash": album.deletehash])
    }

    /// Builds the image object of upload and listing responses, with every field Imgur sends.
    func json(for image: SandboxImage) -> [String: Any] {
        let link = mediaURL(for: image)
        var object: [String: Any] = [
            "id": image.id, "title": image.title ?? NSNull(), "description": image.description ?? NSNull(),
            "datetime": image.datetime, "type": image.type, "animated": image.animated,
            "width": image.width, "height": image.height, "size": image.size,
            "views": 0, "bandwidth": 0, "vote": NSNull(), "favorite": false, "nsfw": NSNull(),
            "section": NSNull(), "account_url": image.accountID == 0 ? NSNull() : configuration.username as Any,
            "account_id": image.accountID, "is_ad": false, "in_most_viral": false, "has_sound": false,
            "tags": [String](), "ad_type": 0, "ad_url": "", "edited": "0", "in_gallery": false,
            "deletehash": image.deletehash, "name": image.name ?? "", "link": link,
        ]
        if image.animated {
            let base = link.dropLast(image.fileExtension.count + 1)
            object["gifv"] = base + ".gifv"
            object["mp4"] = base + ".mp4"
            object["mp4_size"] = image.size
            object["hls"] = base + ".m3u8"
            object["looping"] = true
            object["processing"] = ["status": "completed"]
        }
        return object
    }

    func mediaURL(for image: SandboxImage) -> String {
        let base = baseURL.get()?.absoluteString ?? "http://\(configuration.host):\(configuration.port)"
        return "\(base)/\(image.id).\(image.fileExtension)"
    }
}

extension SandboxRouter.Caller: Equatable {}
