import Foundation

/// Turns raw API responses into decoded values or classified `ImgurError`s. Checks the HTTP
/// status first, then `success`, then `data.error` (a string or an object with code and
/// message), then `errors[]`, then falls back to the raw text, so no body shape can crash it.
enum ImgurResponseDecoder {
    /// Endpoint that sent the response. The token endpoint has no envelope, and its 4xx errors
    /// mean the stored credentials are unusable.
    enum Endpoint {
        case api
        case token
    }

    /// Imgur's message for an expired or revoked access token, sent with 403.
    static let invalidTokenMessage = "The access token provided is invalid."

    /// Returns the `data` member of a successful enveloped response, or throws its error.
    static func envelopeData(_ response: ImgurHTTPResponse, request: String) throws -> JSONValue {
        guard (200..<300).contains(response.status) else {
            throw error(for: response, request: request, endpoint: .api)
        }
        guard let json = JSONValue.parse(response.body), case .object = json else {
            throw ImgurError(kind: .unexpectedResponse, status: response.status,
                             detail: "the response is not a JSON object: \(response.bodySnippet)", request: request)
        }
        if json["success"]?.boolValue == false {
            throw error(for: response, request: request, endpoint: .api)
        }
        guard let data = json["data"] else {
            throw ImgurError(kind: .unexpectedResponse, status: response.status,
                             detail: "the response has no \"data\" member: \(response.bodySnippet)", request: request)
        }
        return data
    }

    /// Returns the body of a successful token response, which has no envelope.
    static func tokenBody(_ response: ImgurHTTPResponse, request: String) throws -> JSONValue {
        guard (200..<300).contains(response.status) else {
            throw error(for: response, request: request, endpoint: .token)
        }
        guard let json = JSONValue.parse(response.body), json["access_token"]?.stringValue != nil else {
            if let json = JSONValue.parse(response.body), json["success"]?.boolValue == false {
                throw error(for: response, request: request, endpoint: .token)
            }
            throw ImgurError(kind: .unexpectedResponse, status: response.status,
                             detail: "the token response has no access_token", request: request)
        }
        return json
    }

    /// True for a rejected access token: 401, or 403 with Imgur's invalid-token message.
    static func isTokenRejection(_ response: ImgurHTTPResponse) -> Bool {
        switch response.status {
        case 401:
            return true
        case 403:
            return message(in: response).text.contains(invalidTokenMessage)
        default:
            return false
        }
    }

    /// Classifies a failed response by HTTP status, then by the message in its body.
    static func error(for response: ImgurHTTPResponse, request: String, endpoint: Endpoint) -> ImgurError {
        let (text, code, bodyStatus) = message(in: response)
        let rateLimit = ImgurRateLimit(headers: response.headers)
        let kind = classify(status: response.status, bodyStatus: bodyStatus, message: text, endpoint: endpoint)

        var scope: ImgurRateLimitScope?
        var retryAfter: Duration?
        if kind == .rateLimited {
            scope = rateLimit?.exhaustedScope
            retryAfter = rateLimit?.timeUntilReset(of: scope)
        }
        return ImgurError(kind: kind, status: response.status, detail: text, code: code,
                          retryAfter: retryAfter, scope: scope, request: request)
    }

    private static func classify(status: Int, bodyStatus: Int?, message: String, endpoint: Endpoint) -> ImgurError.Kind {
        if status == 429 {
            return .rateLimited
        }
        switch (status, endpoint) {
        case (400..<500, .token):
            return .signInRequired
        case (401, .api):
            return .tokenRejected
        case (403, .api) where message.contains(invalidTokenMessage):
            return .tokenRejected
        case (400..<500, .api):
            return .rejected
        case (500..<600, _):
            return .serverError
        case (200..<300, _):
            // `success: false` under HTTP 200: trust the body's status when it is an HTTP one.
            if let bodyStatus, (400..<600).contains(bodyStatus) {
                return classify(status: bodyStatus, bodyStatus: nil, message: message, endpoint: endpoint)
            }
            return message.localizedCaseInsensitiveContains("over capacity") ? .serverError : .unexpectedResponse
        default:
            return .unexpectedResponse
        }
    }

    /// Finds the human-readable message, Imgur's error code and the body's own status.
    static func message(in response: ImgurHTTPResponse) -> (text: String, code: Int?, bodyStatus: Int?) {
        guard let json = JSONValue.parse(response.body) else {
            return (textOfNonJSON(response), nil, nil)
        }
        let bodyStatus = json["status"]?.intValue

        if let error = json["data"]?["error"] {
            if let text = error.stringValue {
                return (shorten(text), nil, bodyStatus)
            }
            if let text = error["message"]?.stringValue {
                return (shorten(text), error["code"]?.intValue, bodyStatus)
            }
        }
        if let first = json["errors"]?.arrayValue?.first {
            let text = first["detail"]?.stringValue ?? first["title"]?.stringValue ?? first["status"]?.stringValue
            if let text {
                return (shorten(text), nil, bodyStatus)
            }
        }
        if let text = json["error"]?.stringValue {
            let detail = json["error_description"]?.stringValue.map { ": \($0)" } ?? ""
            return (shorten(text + detail), nil, bodyStatus)
        }
        return (response.bodySnippet.isEmpty ? "HTTP \(response.status) with an empty body" : response.bodySnippet,
                nil, bodyStatus)
    }

    /// Returns an HTML page's title (CDN and proxy error pages), else the text itself.
    private static func textOfNonJSON(_ response: ImgurHTTPResponse) -> String {
        let text = String(decoding: response.body.prefix(4000), as: UTF8.self)
        if let start = text.range(of: "<title>", options: .caseInsensitive),
           let end = text.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<text.endIndex) {
            return shorten(String(text[start.upperBound..<end.lowerBound]))
        }
        let stripped = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        let shortened = shorten(stripped)
        return shortened.isEmpty ? "HTTP \(response.status) with an empty body" : shortened
    }

    /// Collapses whitespace and cuts text to 300 characters for messages.
    static func shorten(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count > 300 ? String(collapsed.prefix(300)) + "…" : collapsed
    }
}
