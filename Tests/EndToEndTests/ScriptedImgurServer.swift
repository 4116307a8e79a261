import Foundation
import HTTPServer
import Synchronization

/// A recorded Imgur response case from the shared fixtures: the request it matches and the raw
/// response.
struct RecordedCase: Sendable {
    let name: String
    let method: String
    let path: String
    let status: Int
    let headers: [String: String]
    let body: String
    /// `expect` members as text.
    let expect: [String: String]

    var route: String { "\(method) \(path)" }
    var outcome: String { expect["outcome"] ?? "" }

    static var folder: URL {
        RepositoryPaths.fixtures.appendingPathComponent("imgur")
    }

    static var fileNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ fileName: String) throws -> RecordedCase {
        let data = try Data(contentsOf: folder.appendingPathComponent(fileName))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let request = object["request"] as? [String: Any] ?? [:]
        let response = object["response"] as? [String: Any] ?? [:]
        let expect = (object["expect"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
        return RecordedCase(
            name: object["name"] as? String ?? fileName,
            method: request["method"] as? String ?? "",
            path: request["path"] as? String ?? "",
            status: response["status"] as? Int ?? 0,
            headers: response["headers"] as? [String: String] ?? [:],
            body: response["body"] as? String ?? "",
            expect: expect
        )
    }

    var response: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }
}

/// A loopback server that replies to each route (`METHOD /path`) with a script of recorded
/// cases in turn, repeating the last one, and records every request.
final class ScriptedImgurServer: Sendable {
    private let server: HTTPServer
    private let script: Script

    init(_ scripts: [String: [RecordedCase]]) throws {
        let script = Script(scripts)
        self.script = script
        server = try HTTPServer { request in
            script.next(for: "\(request.method) \(request.path)")?.response
                ?? .json(status: 404, Data(#"{"data": {"error": "Not found"}, "success": false, "status": 404}"#.utf8))
        }
    }

    var baseURL: URL { server.baseURL }

    func requestCount(_ route: String) -> Int {
        script.requests.filter { $0 == route }.count
    }

    func stop() {
        server.stop()
    }
}

/// The remaining responses per route and the routes requested so far.
private final class Script: Sendable {
    private let state: Mutex<(scripts: [String: [RecordedCase]], requests: [String])>

    init(_ scripts: [String: [RecordedCase]]) {
        state = Mutex((scripts, []))
    }

    /// Records the request and returns the route's next case; the last one repeats.
    func next(for route: String) -> RecordedCase? {
        state.withLock { state in
            state.requests.append(route)
            guard var script = state.scripts[route], let first = script.first else { return nil }
            if script.count > 1 {
                script.removeFirst()
                state.scripts[route] = script
            }
            return first
        }
    }

    var requests: [String] {
        state.withLock { $0.requests }
    }
}
