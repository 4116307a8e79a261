import Foundation
import HTTPServer
import Synchronization

/// A loopback server that replies to one case's method and path with the case's exact
/// response, and with recorded successes for the token endpoint and `/3/account/me`, which
/// some cases need before or after their own request. It records every request.
final class FixtureServer: Sendable {
    let server: HTTPServer
    private let log = RequestLog()

    init(serving imgurCase: ImgurCase) throws {
        let tokenOK = try ImgurCase.load("token-refresh-ok.json")
        let accountOK = try ImgurCase.load("account-me-ok.json")
        let log = log

        server = try HTTPServer { request in
            log.append(request)
            if request.method == imgurCase.method && request.path == imgurCase.path {
                return Self.response(for: imgurCase)
            }
            switch request.path {
            case tokenOK.path: return Self.response(for: tokenOK)
            case accountOK.path: return Self.response(for: accountOK)
            default: return .json(status: 404, Data(#"{"data": {"error": "Not found"}, "success": false, "status": 404}"#.utf8))
            }
        }
    }

    static func response(for imgurCase: ImgurCase) -> HTTPResponse {
        HTTPResponse(status: imgurCase.status, headers: imgurCase.headers, body: Data(imgurCase.body.utf8))
    }

    var baseURL: URL { server.baseURL }

    func requestCount(_ method: String, _ path: String) -> Int {
        log.elements.filter { $0.method == method && $0.path == path }.count
    }

    func stop() {
        server.stop()
    }
}

/// Values appended by several tasks, kept in arrival order: requests a test server received,
/// or events such as persisted tokens and requests that used them.
final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    func append(_ element: Element) {
        storage.withLock { $0.append(element) }
    }

    var elements: [Element] {
        storage.withLock { $0 }
    }
}

typealias RequestLog = Recorder<HTTPRequest>
typealias EventLog = Recorder<String>
