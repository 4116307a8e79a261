import Foundation
import HTTPServer
import ImgurAdapter
import ImgurSandbox
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

func makeSandbox(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) throws -> ImgurSandbox {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-adapter-tests-\(UUID().uuidString)")
    var configuration = SandboxConfiguration(dataDirectory: folder)
    configure(&configuration)
    return try ImgurSandbox(configuration: configuration)
}

/// Returns a configuration for the sandbox at `apiURL`. The timeouts are generous because the
/// sandbox responds from this process, on a pool that every test running at once shares.
func adapterConfiguration(for apiURL: URL) -> ImgurConfiguration {
    ImgurConfiguration(clientID: "imgpipe-sandbox", clientSecret: "imgpipe-sandbox-secret", apiURL: apiURL,
                       requestTimeout: .seconds(60), uploadTimeout: .seconds(60))
}

/// Signs in with a token pair minted by the sandbox, recording each persisted pair.
func signedInClient(_ sandbox: ImgurSandbox, apiURL: URL? = nil, persisted: EventLog = EventLog())
    -> (ImgurSSO, ImgurTokenProvider) {
    let pair = sandbox.issueTokens()
    let configuration = adapterConfiguration(for: apiURL ?? sandbox.baseURL)
    let provider = ImgurTokenProvider(
        configuration: configuration,
        tokens: ImgurTokens(accessToken: pair.accessToken, refreshToken: pair.refreshToken),
        persist: { tokens in persisted.append("persisted \(tokens.accessToken) \(tokens.refreshToken)") }
    )
    return (ImgurSSO(configuration: configuration, tokenProvider: provider), provider)
}

/// A loopback proxy in front of the sandbox that logs the bearer token of each request before
/// forwarding it, to see which token a request used and when.
final class RecordingProxy: Sendable {
    let server: HTTPServer

    init(target: URL, log: EventLog) throws {
        let session = URLSession(configuration: .ephemeral)
        server = try HTTPServer { request in
            if let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer ") {
                log.append("used \(authorization.dropFirst("Bearer ".count)) \(request.path)")
            }
            return await Self.forward(request, to: target, session: session)
        }
    }

    private static func forward(_ request: HTTPRequest, to target: URL, session: URLSession) async -> HTTPResponse {
        var components = URLComponents(url: target, resolvingAgainstBaseURL: false)!
        components.path = request.path
        components.queryItems = request.query.isEmpty ? nil : request.query.map { URLQueryItem(name: $0.key, value: $0.value) }
        var forwarded = URLRequest(url: components.url!)
        forwarded.httpMethod = request.method
        for (name, value) in request.headers where !["host", "content-length", "connection"].contains(name) {
            forwarded.setValue(value, forHTTPHeaderField: name)
        }
        forwarded.httpBody = request.body.isEmpty ? nil : request.body

        guard let (data, response) = try? await session.data(for: forwarded), let http = response as? HTTPURLResponse else {
            return .text(status: 502, "The proxy could not reach the sandbox.\n")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields where String(describing: name).lowercased() != "content-length" {
            headers[String(describing: name)] = String(describing: value)
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    func stop() {
        server.stop()
    }
}

/// Writes `data` to a new temporary file with `name`.
func temporaryFile(named name: String, contents data: Data) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-adapter-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try data.write(to: url)
    return url
}

func sha256Hex(of file: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [file.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return String(text.prefix(64))
}

/// A one-time event that tasks can wait for.
actor Signal {
    private var fired = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func fire() {
        fired = true
        waiting.forEach { $0.resume() }
        waiting.removeAll()
    }

    func wait() async {
        if fired {
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
