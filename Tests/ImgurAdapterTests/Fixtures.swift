import Foundation
import TestFixtures

/// The shared fixtures folder, as `TestFixtures` locates it.
func fixturesDirectory() -> URL {
    Fixtures.root
}

func imageFixture(_ name: String) -> URL {
    fixturesDirectory().appendingPathComponent("images").appendingPathComponent(name)
}

/// One recorded Imgur response case: its request, the raw response, and the conclusion a
/// correct client reaches.
struct ImgurCase: Sendable {
    var name: String
    var method: String
    var path: String
    var status: Int
    var headers: [String: String]
    var body: String
    /// `expect` members with every value written as text (`true`, `3600`).
    var expect: [String: String]

    var outcome: String { expect["outcome"] ?? "" }

    static let fileNames: [String] = {
        let folder = fixturesDirectory().appendingPathComponent("imgur")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static func load(_ fileName: String) throws -> ImgurCase {
        let url = fixturesDirectory().appendingPathComponent("imgur").appendingPathComponent(fileName)
        let file = try JSONDecoder().decode(CaseFile.self, from: Data(contentsOf: url))
        return ImgurCase(
            name: file.name,
            method: file.request.method,
            path: file.request.path,
            status: file.response.status,
            headers: file.response.headers,
            body: file.response.body,
            expect: file.expect.mapValues(\.text)
        )
    }

    private struct CaseFile: Decodable {
        struct Request: Decodable {
            var method: String
            var path: String
        }
        struct Response: Decodable {
            var status: Int
            var headers: [String: String]
            var body: String
        }
        var name: String
        var request: Request
        var response: Response
        var expect: [String: ExpectedValue]
    }

    /// A scalar from `expect`, kept as the text it would print as.
    private struct ExpectedValue: Decodable {
        var text: String

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let integer = try? container.decode(Int.self) {
                text = String(integer)
            } else {
                text = try container.decode(String.self)
            }
        }
    }
}
