import Foundation

/// Status, header fields and body that a handler returns for one request.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// Runs once libmicrohttpd has finished with the response: sent in full, or the connection
    /// closed first. Set only on a handler's response; lets a caller stop the server without
    /// cutting off a response it has just produced. It runs on libmicrohttpd's thread, so it
    /// must return quickly and must not call `HTTPServer.stop()` itself.
    public var onCompleted: (@Sendable () -> Void)?

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(status: Int = 200, _ body: Data) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    public static func text(status: Int = 200, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Data(text.utf8)
        )
    }

    public static func html(status: Int = 200, _ html: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/html; charset=utf-8"],
            body: Data(html.utf8)
        )
    }

    public static func redirect(to location: String, status: Int = 302) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Location": location])
    }
}
