import Foundation
import HTTPServer

/// Response bodies in the shapes Imgur sends.
enum SandboxReply {
    /// `{"data": ..., "success": true, "status": 200}`.
    static func success(_ data: Any) -> HTTPResponse {
        json(200, ["data": data, "success": true, "status": 200])
    }

    /// Builds the usual error envelope: `{"data": {"error": message, "request", "method"}, ...}`.
    static func error(_ status: Int, _ message: String, request: HTTPRequest) -> HTTPResponse {
        json(status, [
            "data": ["error": message, "request": request.path, "method": request.method],
            "success": false,
            "status": status,
        ])
    }

    /// Builds the error envelope whose `data.error` is an object with a numeric code.
    static func errorObject(_ status: Int, code: Int, _ message: String, request: HTTPRequest) -> HTTPResponse {
        json(status, [
            "data": [
                "error": ["code": code, "message": message, "type": "ImgurException", "exception": [Any]()],
                "request": request.path,
                "method": request.method,
            ],
            "success": false,
            "status": status,
        ])
    }

    /// Builds the 429 shape seen since 2024: an `errors` array, without the envelope.
    static func tooManyRequests() -> HTTPResponse {
        let body: [String: Any] = ["errors": [[
            "id": "legacy-api-sandbox-\(RandomID.make(length: 10))",
            "code": "429",
            "status": "Too Many Requests",
            "detail": "Too Many Requests",
        ]]]
        var response = json(429, body)
        response.headers["Content-Type"] = "application/vnd.imgur.v1+json"
        return response
    }

    /// Builds an HTML error page like the ones Imgur's proxies send (nginx for 429, Varnish for 5xx).
    static func htmlPage(_ status: Int) -> HTTPResponse {
        let title = status == 429 ? "429 Too Many Requests" : "\(status) Service Unavailable"
        let server = status == 429 ? "nginx" : "Varnish"
        var response = HTTPResponse.html(status: status,
            "<!DOCTYPE html><html><head><title>\(title)</title></head><body><h1>\(title)</h1><hr>\(server)</body></html>")
        response.headers["Server"] = server
        return response
    }

    /// Imgur's over-capacity error, which lacks `request` and `method`.
    static func overCapacity(_ status: Int) -> HTTPResponse {
        json(status, [
            "data": ["error": "Imgur is temporarily over capacity. Please try again later."],
            "success": false,
            "status": status,
        ])
    }

    static func json(_ status: Int, _ object: Any) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return .json(status: status, data)
    }
}

/// Random identifiers in Imgur's alphabet: 7 characters for ids, 15 for deletehashes,
/// 40 hex characters for tokens.
enum RandomID {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let hexDigits = Array("0123456789abcdef")

    static func make(length: Int) -> String {
        String((0..<length).map { _ in alphanumerics.randomElement()! })
    }

    static func token() -> String {
        String((0..<40).map { _ in hexDigits.randomElement()! })
    }
}
