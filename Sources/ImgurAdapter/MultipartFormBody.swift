import Foundation

/// A multipart/form-data body built in memory, for files small enough to hold whole.
///
/// It saves creating, writing, reading and removing a temporary file for every upload. A
/// loopback capture measured 200 uploads of about 200 KB (2-core machine, load 1 to 4). From
/// the first to the last byte of a request, URLSession on Linux took a median 3.5 ms with the
/// body read from a file, and 1.2 ms with the body in memory.
struct MultipartFormBody: Sendable {
    let data: Data
    let contentType: String

    /// Reads `file` whole and encodes the text fields (UTF-8) and then the file under
    /// `fileField`, in the same layout as `MultipartFormFile`. Blocking: call it through
    /// `BlockingIO`.
    static func make(fields: [(name: String, value: String)], fileField: String, file: URL) throws -> MultipartFormBody {
        let boundary = "imgpipe-\(UUID().uuidString)"
        let contents = try Data(contentsOf: file)

        var data = Data()
        data.reserveCapacity(contents.count + 1024)
        for field in fields {
            data.append(contentsOf: MultipartFormFile.textPart(boundary: boundary, name: field.name, value: field.value).utf8)
        }
        data.append(contentsOf: MultipartFormFile.fileHeader(boundary: boundary, name: fileField, file: file).utf8)
        data.append(contents)
        data.append(contentsOf: "\r\n--\(boundary)--\r\n".utf8)
        return MultipartFormBody(data: data, contentType: "multipart/form-data; boundary=\(boundary)")
    }
}
