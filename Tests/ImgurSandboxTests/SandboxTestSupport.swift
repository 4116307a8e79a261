import Foundation
import ImgurSandbox
import TestFixtures
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The shared fixtures folder, as `TestFixtures` locates it.
func fixturesDirectory() -> URL {
    Fixtures.root
}

func imageFixture(_ name: String) throws -> Data {
    try Data(contentsOf: fixturesDirectory().appendingPathComponent("images").appendingPathComponent(name))
}

func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-sandbox-tests-\(UUID().uuidString)")
}

/// Starts a sandbox in a fresh temporary folder, adjusted by `configure`.
func makeSandbox(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) throws -> ImgurSandbox {
    var configuration = SandboxConfiguration(dataDirectory: temporaryDirectory())
    configure(&configuration)
    return try ImgurSandbox(configuration: configuration)
}

/// A response as the tests inspect it: status, header fields by lowercased name, and body.
struct Reply {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    func data() throws -> [String: Any] {
        try #require(try json()["data"] as? [String: Any])
    }

    func errorMessage() throws -> String? {
        try data()["error"] as? String
    }
}

/// Refuses redirects, so tests can read the Location a sign-in step sends.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 16
    return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
}()

func call(
    _ method: String,
    _ url: URL,
    authorization: String? = nil,
    contentType: String? = nil,
    body: Data? = nil
) async throws -> Reply {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.setValue(authorization, forHTTPHeaderField: "Authorization")
    request.setValue(contentType, forHTTPHeaderField: "Content-Type")
    request.httpBody = body

    let (data, response) = try await session.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    var headers: [String: String] = [:]
    for (name, value) in http.allHeaderFields {
        headers[String(describing: name).lowercased()] = String(describing: value)
    }
    return Reply(status: http.statusCode, headers: headers, body: data)
}

func form(_ pairs: [(String, String)]) -> Data {
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    let text = pairs.map {
        "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
    }.joined(separator: "&")
    return Data(text.utf8)
}

/// A multipart body with text fields and one file field; returns the body and its content type.
func multipart(fields: [(String, String)], fileField: String, fileName: String, file: Data) -> (Data, String) {
    let boundary = "test-\(UUID().uuidString)"
    var body = Data()
    for (name, value) in fields {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }
    body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\n".utf8))
    body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
    body.append(file)
    body.append(Data("\r\n--\(boundary)--\r\n".utf8))
    return (body, "multipart/form-data; boundary=\(boundary)")
}

extension ImgurSandbox {
    func url(_ path: String) -> URL {
        URL(string: baseURL.absoluteString + path)!
    }

    var clientIDHeader: String { "Client-ID imgpipe-sandbox" }

    func upload(_ file: Data, fileName: String = "file.bin", field: String = "image",
                fields: [(String, String)] = [], authorization: String? = nil) async throws -> Reply {
        let (body, contentType) = multipart(fields: fields, fileField: field, fileName: fileName, file: file)
        return try await call("POST", url("/3/image"), authorization: authorization ?? clientIDHeader,
                              contentType: contentType, body: body)
    }
}

/// Query parameters of a URL string, or of its fragment when `fragment` is true.
func parameters(of location: String, fragment: Bool = false) -> [String: String] {
    guard let components = URLComponents(string: location) else { return [:] }
    var items = components.queryItems ?? []
    if fragment, let text = components.fragment {
        items = URLComponents(string: "?" + text)?.queryItems ?? []
    }
    var result: [String: String] = [:]
    for item in items {
        result[item.name] = item.value ?? ""
    }
    return result
}
