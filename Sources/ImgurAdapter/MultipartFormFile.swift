import Foundation

/// A multipart/form-data body written to a temporary file, so that an upload of up to 200 MB
/// streams from disk instead of being built in memory.
struct MultipartFormFile: Sendable {
    let url: URL
    let contentType: String

    /// Writes the text fields (UTF-8) and then the file under `fileField`, copying the file
    /// in 1 MiB chunks. Blocking: call it through `BlockingIO`.
    static func write(fields: [(name: String, value: String)], fileField: String, file: URL,
                      directory: URL) throws -> MultipartFormFile {
        let boundary = makeBoundary()
        let url = directory.appendingPathComponent("imgpipe-upload-\(UUID().uuidString).multipart")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }

        do {
            let output = try FileHandle(forWritingTo: url)
            defer { try? output.close() }
            try output.write(contentsOf: head(boundary: boundary, fields: fields, fileField: fileField, file: file))
            try copy(file, to: output)
            try output.write(contentsOf: tail(boundary: boundary))
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return MultipartFormFile(url: url, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    static func makeBoundary() -> String {
        "imgpipe-\(UUID().uuidString)"
    }

    /// Encodes what comes before the file's bytes: the text fields (UTF-8), then the header of
    /// the file's part. `MultipartFormBody` uses the same layout.
    static func head(boundary: String, fields: [(name: String, value: String)], fileField: String, file: URL) -> Data {
        var data = Data()
        for field in fields {
            data.append(contentsOf: textPart(boundary: boundary, name: field.name, value: field.value).utf8)
        }
        data.append(contentsOf: fileHeader(boundary: boundary, name: fileField, file: file).utf8)
        return data
    }

    /// Encodes what comes after the file's bytes: the end of its part and the closing boundary.
    static func tail(boundary: String) -> Data {
        Data("\r\n--\(boundary)--\r\n".utf8)
    }

    private static func textPart(boundary: String, name: String, value: String) -> String {
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
    }

    private static func fileHeader(boundary: String, name: String, file: URL) -> String {
        // Quotes and line breaks would end the header field early, so they become underscores.
        let filename = String(file.lastPathComponent.map { "\"\r\n".contains($0) ? "_" : $0 })
        return "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: \(mediaType(of: file))\r\n\r\n"
    }

    private static func copy(_ file: URL, to output: FileHandle) throws {
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
        }
    }

    /// MIME type by file extension; Imgur sniffs the content, so this is only a hint.
    static func mediaType(of file: URL) -> String {
        let types = [
            "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "apng": "image/apng",
            "gif": "image/gif", "tif": "image/tiff", "tiff": "image/tiff",
            "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "mkv": "video/x-matroska",
            "mov": "video/quicktime", "flv": "video/x-flv", "avi": "video/x-msvideo",
            "wmv": "video/x-ms-wmv", "mpeg": "video/mpeg", "mpg": "video/mpeg",
        ]
        return types[file.pathExtension.lowercased()] ?? "application/octet-stream"
    }
}
