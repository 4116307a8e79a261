import Foundation

/// Status, header fields (names lowercased) and body of one response from the API.
struct ImgurHTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    /// The body as text, shortened for error messages.
    var bodySnippet: String {
        let text = String(decoding: body.prefix(2000), as: UTF8.self)
        return ImgurResponseDecoder.shorten(text)
    }
}
