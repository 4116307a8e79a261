import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ImgurSandbox

/// A sandbox whose registered callback is a free loopback port, and a config folder, for
/// running `imgpipe auth login` against.
final class SignInHarness: Sendable {
    let folder: URL
    let sandbox: ImgurSandbox
    let callbackPort: UInt16
    let redirectURI: String

    init(autoApprove: Bool) throws {
        folder = try RepositoryPaths.temporaryFolder("signin")
        callbackPort = try LoopbackSocket.freePort()
        redirectURI = "http://localhost:\(callbackPort)/callback"

        var configuration = SandboxConfiguration(dataDirectory: folder.appendingPathComponent("sandbox"))
        configuration.redirectURI = redirectURI
        configuration.autoApprove = autoApprove
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        sandbox = try ImgurSandbox(configuration: configuration)
    }

    var credentialsFile: URL {
        folder.appendingPathComponent("config/credentials.json")
    }

    /// This process's environment without Imgur or imgpipe settings or a desktop session,
    /// pointed at the sandbox; `IMGUR_REDIRECT_URI` is set unless `redirectURI` is false.
    func environment(redirectURI: Bool = true) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { name, _ in
            !name.hasPrefix("IMGUR_") && !name.hasPrefix("IMGPIPE_") && name != "DISPLAY" && name != "WAYLAND_DISPLAY"
        }
        let sandboxDefaults = SandboxConfiguration(dataDirectory: folder)
        environment["IMGUR_CLIENT_ID"] = sandboxDefaults.clientID
        environment["IMGUR_CLIENT_SECRET"] = sandboxDefaults.clientSecret
        environment["IMGUR_API_URL"] = sandbox.baseURL.absoluteString
        environment["IMGPIPE_CONFIG_DIR"] = folder.appendingPathComponent("config").path
        environment["IMGPIPE_STATE_DIR"] = folder.appendingPathComponent("state").path
        if redirectURI {
            environment["IMGUR_REDIRECT_URI"] = self.redirectURI
        }
        return environment
    }

    func login(_ arguments: [String], redirectURI: Bool = true) throws -> SignInProcess {
        try SignInProcess(["auth", "login"] + arguments, environment: environment(redirectURI: redirectURI))
    }

    /// Reads the profile `name` from credentials.json; nil when the file or profile is missing.
    func storedAccount(_ name: String = "default") throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: credentialsFile.path) else { return nil }
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: credentialsFile)) as? [String: Any]
        return (document?["accounts"] as? [String: Any])?[name] as? [String: Any]
    }

    func stop() {
        sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Plain HTTP requests from the test, which follow redirects like a browser without script.
enum TestHTTP {
    static func get(_ url: URL) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func postForm(_ url: URL, _ fields: [(String, String)]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func queryValue(_ name: String, in url: URL) -> String? {
        URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == name }?.value
    }
}
