import Dispatch
import Crypto
import Foundation
import HTTPServer

extension SandboxRouter {
    /// Imgur's API limits, read strictly as decimal megabytes.
    static let maxImageBytes = 10_000_000
    static let maxVideoBytes = 200_000_000

    /// `POST /3/image` and `POST /3/upload`: a multipart `image` or `video` field (a file, or
    /// base64 text with `type=base64`), plus `title`, `description`, `name` and `album`.
    func upload(_ request: HTTPRequest, caller: Caller) async -> HTTPResponse {
        if let rateLimited = spendUploadBudget() {
            return rateLimited
        }
        let fields = FormParsing.fields(body: request.body, contentType: request.header("Content-Type"))
        let isVideo = fields["image"] == nil && fields["video"] != nil
        guard let mediaField = fields["image"] ?? fields["video"] else {
            return SandboxReply.error(400, "No image data was sent to the upload api", request: request)
        }

        let bytes: Data
        switch fields["type"]?.text ?? "file" {
        case "base64":
            bytes = Data(base64Encoded: mediaField.text, options: .ignoreUnknownCharacters) ?? Data()
        case "url":
            return SandboxReply.error(400, "URL uploads are not available: the sandbox has no internet access",
                                      request: request)
        default:
            bytes = mediaField.data
        }

        if bytes.count > (isVideo ? Self.maxVideoBytes : Self.maxImageBytes) {
            return SandboxReply.error(400, "File is over the size limit", request: request)
        }
        guard let media = isVideo ? MediaSniffer.video(bytes) : MediaSniffer.image(bytes) else {
            return SandboxReply.errorObject(400, code: 1003, "File type invalid (1)", request: request)
        }
        let albumID = fields["album"]?.text
        if let albumID, album(idOrDeleteHash: albumID) == nil {
            return SandboxReply.error(404, "Unable to find an album with the id, \(albumID)", request: request)
        }

        do {
            let image = try await store(bytes, media: media, fields: fields, album: albumID, caller: caller)
            return SandboxReply.success(json(for: image))
        } catch {
            return SandboxReply.error(500, "Could not store the upload: \(error.localizedDescription)", request: request)
        }
    }

    /// Counts an upload against the configured budget, or returns the 429 once it is spent.
    private func spendUploadBudget() -> HTTPResponse? {
        let withinBudget = store.withState { state -> Bool in
            if let budget = configuration.uploadBudget, state.uploads >= budget {
                return false
            }
            state.uploads += 1
            return true
        }
        if withinBudget {
            return nil
        }
        return configuration.htmlErrorPages ? SandboxReply.htmlPage(429) : SandboxReply.tooManyRequests()
    }

    private func album(idOrDeleteHash key: String) -> SandboxStore.Album? {
        store.withState { state in
            state.albums[key] ?? state.albums.values.first { $0.deletehash == key }
        }
    }

    private func store(_ bytes: Data, media: SniffedMedia, fields: [FormField], album: String?,
                       caller: Caller) async throws -> SandboxImage {
        let id = RandomID.make(length: 7)
        let fileURL = configuration.dataDirectory.appendingPathComponent("\(id).\(media.fileExtension)")
        let sha256 = try await Self.runBlocking {
            try bytes.write(to: fileURL, options: .atomic)
            return SHA256.hash(bytes).hex
        }

        let image = SandboxImage(
            id: id, deletehash: RandomID.make(length: 15), name: fields["name"]?.text,
            title: fields["title"]?.text, description: fields["description"]?.text, type: media.mimeType,
            width: media.width, height: media.height, size: bytes.count, sha256: sha256, fileURL: fileURL,
            accountID: caller == .account ? configuration.accountID : 0,
            albumID: album.flatMap { self.album(idOrDeleteHash: $0)?.id },
            animated: media.animated, datetime: Int(Date().timeIntervalSince1970)
        )
        store.withState { $0.images[id] = image }
        return image
    }

    /// `DELETE /3/image/{id or deletehash}`: by deletehash for anyone with the client id, by id
    /// only for the owning account.
    func delete(_ key: String, request: HTTPRequest, caller: Caller) async -> HTTPResponse {
        guard let image = store.image(idOrDeleteHash: key) else {
            return SandboxReply.error(404, "Unable to find an image with the id, \(key)", request: request)
        }
        let byDeleteHash = image.deletehash == key
        let ownsImage = caller == .account && image.accountID == configuration.accountID
        guard byDeleteHash || ownsImage else {
            return SandboxReply.error(403, "Permission denied", request: request)
        }

        store.withState { _ = $0.images.removeValue(forKey: image.id) }
        try? await Self.runBlocking { try FileManager.default.removeItem(at: image.fileURL) }
        return SandboxReply.success(true)
    }

    /// `GET /{id}.{ext}`: the stored bytes of an upload, as the `link` of the upload points here.
    func media(_ request: HTTPRequest) async -> HTTPResponse {
        let name = String(request.path.dropFirst())
        let id = name.split(separator: ".").first.map(String.init) ?? ""
        guard !name.contains("/"), let image = store.image(idOrDeleteHash: id), image.deletehash != id,
              name == "\(image.id).\(image.fileExtension)",
              let bytes = try? await Self.runBlocking({ try Data(contentsOf: image.fileURL) }) else {
            return .text(status: 404, "No stored media at \(request.path).\n")
        }
        return HTTPResponse(status: 200, headers: ["Content-Type": image.type], body: bytes)
    }

    /// Runs file I/O and hashing on a Dispatch queue, off the cooperative thread pool.
    static func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
