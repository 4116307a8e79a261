import Foundation

/// One complete HTTP request as the server hands it to a handler, body included.
public struct HTTPRequest: Sendable {
    /// Request method as sent, such as `GET` or `POST`.
    public let method: String

    /// URL path without the query, percent-decoded.
    public let path: String

    /// Decoded query parameters; when a name repeats, the last value wins.
    public let query: [String: String]

    /// Header fields keyed by lowercased name; repeated fields are joined with ", ".
    public let headers: [String: String]

    public let body: Data

    /// Numeric address of the client, such as `127.0.0.1`.
    public let remoteAddress: String

    public init(
        method: String,
        path: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        body: Data = Data(),
        remoteAddress: String = "127.0.0.1"
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Looks up a header field by name, ignoring case.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
