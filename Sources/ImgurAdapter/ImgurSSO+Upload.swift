import Foundation

extension ImgurSSO {
    /// Imgur's API limit for the `image` field, read strictly as 10,000,000 bytes.
    public static let maxImageBytes = 10_000_000
    /// Imgur's limit for the `video` field, read strictly as 200,000,000 bytes.
    public static let maxVideoBytes = 200_000_000

    /// Uploads a JPEG, PNG, GIF, APNG or TIFF file through `POST /3/image`. Files over
    /// 10,000,000 bytes are rejected before sending. `album` is an album id, or the album's
    /// deletehash for anonymous albums.
    public func uploadImage(at file: URL, title: String?, description: String?, name: String?,
                            album: String?) async throws -> ImgurImage {
        try await upload(file, field: "image", path: "/3/image", maxBytes: Self.maxImageBytes,
                         fields: [("title", title), ("description", description), ("name", name), ("album", album)])
    }

    /// Uploads a video (MP4, WebM, MKV, QuickTime, FLV, AVI, WMV, MPEG) through `POST /3/upload`.
    public func uploadVideo(at file: URL, title: String?, description: String?, name: String?,
                            album: String?) async throws -> ImgurImage {
        try await upload(file, field: "video", path: "/3/upload", maxBytes: Self.maxVideoBytes,
                         fields: [("title", title), ("description", description), ("name", name), ("album", album)])
    }

    /// Deletes an image by id (signed in) or by deletehash (anonymous uploads).
    public func deleteImage(_ idOrDeleteHash: String) async throws {
        let path = "/3/image/\(FormEncoding.escape(idOrDeleteHash))"
        _ = try await call("DELETE", path)
    }

    /// Creates an empty album with `title`.
    public func createAlbum(title: String) async throws -> ImgurAlbum {
        let data = try await call("POST", "/3/album", body: .form([("title", title)]))
        return try decode(ImgurAlbum.self, from: data, request: "POST /3/album")
    }

    private func upload(
        _ file: URL,
        field: String,
        path: String,
        maxBytes: Int,
        fields optionalFields: [(name: String, value: String?)]
    ) async throws -> ImgurImage {
        let request = "POST \(path)"
        try Self.checkSize(of: file, maxBytes: maxBytes, request: request)

        let fields = [("type", "file")] + optionalFields.compactMap { field in field.value.map { (field.name, $0) } }
        let multipart: MultipartFormFile
        do {
            let directory = configuration.temporaryDirectory
            multipart = try await BlockingIO.run {
                try MultipartFormFile.write(fields: fields, fileField: field, file: file, directory: directory)
            }
        } catch {
            throw ImgurError(kind: .rejected, detail: "could not prepare \(file.path) for upload: \(error.localizedDescription)",
                             request: request)
        }
        defer { multipart.remove() }

        let data = try await call("POST", path, body: .file(multipart.url, contentType: multipart.contentType),
                                  deadline: configuration.uploadTimeout)
        return try decode(ImgurImage.self, from: data, request: request)
    }

    private static func checkSize(of file: URL, maxBytes: Int, request: String) throws {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ImgurError(kind: .rejected, detail: "cannot read \(file.path): \(error.localizedDescription)",
                             request: request)
        }
        guard size <= maxBytes else {
            throw ImgurError(kind: .rejected,
                             detail: "\(file.path) is \(size) bytes, over Imgur's limit of \(maxBytes) bytes; "
                                 + "resize or re-encode it first", request: request)
        }
    }
}
