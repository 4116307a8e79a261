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
        let fields = [("type", "file")] + optionalFields.compactMap { field in field.value.map { (field.name, $0) } }
        let directory = configuration.temporaryDirectory
        // Both steps run in one hop to the file queue, because on a loaded machine every hop
        // between threads waits for a wake-up.
        let (body, multipartFile) = try await BlockingIO.run {
            let size = try Self.checkSize(of: file, maxBytes: maxBytes, request: request)
            return try Self.prepareBody(of: file, size: size, field: field, fields: fields,
                                        directory: directory, request: request)
        }
        defer { multipartFile?.remove() }

        let data = try await call("POST", path, body: body, deadline: configuration.uploadTimeout)
        return try decode(ImgurImage.self, from: data, request: request)
    }

    /// The largest file whose multipart body is built in memory rather than in a temporary
    /// file. It covers every image (Imgur's image limit) but not large videos. Each upload in
    /// flight keeps its body in memory, so the peak grows with the upload concurrency.
    static let maxInMemoryBodyBytes = maxImageBytes

    /// Builds the multipart body in memory, or for files over `maxInMemoryBodyBytes` in a
    /// temporary file, which the caller removes. Blocking: call it through `BlockingIO`.
    private static func prepareBody(
        of file: URL,
        size: Int,
        field: String,
        fields: [(name: String, value: String)],
        directory: URL,
        request: String
    ) throws -> (ImgurTransport.Body, MultipartFormFile?) {
        do {
            if size <= maxInMemoryBodyBytes {
                let form = try MultipartFormBody.make(fields: fields, fileField: field, file: file)
                return (.data(form.data, contentType: form.contentType), nil)
            }
            let form = try MultipartFormFile.write(fields: fields, fileField: field, file: file, directory: directory)
            return (.file(form.url, contentType: form.contentType), form)
        } catch {
            throw ImgurError(kind: .rejected, detail: "could not prepare \(file.path) for upload: \(error.localizedDescription)",
                             request: request)
        }
    }

    /// Returns the size of `file` in bytes, or throws when it cannot be read or is over
    /// `maxBytes`. Blocking: call it through `BlockingIO`.
    private static func checkSize(of file: URL, maxBytes: Int, request: String) throws -> Int {
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
        return size
    }
}
