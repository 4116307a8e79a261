import Foundation

/// Client credentials, API location and deadlines for talking to Imgur or the sandbox.
public struct ImgurConfiguration: Sendable {
    public static let defaultAPIURL = URL(string: "https://api.imgur.com")!

    public var clientID: String

    /// Needed for the code, PIN and refresh grants; anonymous uploads work without it.
    public var clientSecret: String?

    /// Base URL of the API, without a trailing `/3`.
    public var apiURL: URL

    /// Total time allowed for one non-upload request, enforced by the adapter.
    public var requestTimeout: Duration

    /// Total time allowed for one upload request, enforced by the adapter.
    public var uploadTimeout: Duration

    /// Parallel connections to the API host; at least the upload concurrency.
    public var maxConnectionsPerHost: Int

    /// Folder for the multipart bodies of uploads, each removed after its request.
    public var temporaryDirectory: URL

    public init(
        clientID: String,
        clientSecret: String? = nil,
        apiURL: URL = ImgurConfiguration.defaultAPIURL,
        requestTimeout: Duration = .seconds(30),
        uploadTimeout: Duration = .seconds(300),
        maxConnectionsPerHost: Int = 8,
        temporaryDirectory: URL = FileManager.default.temporaryDirectory
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.apiURL = apiURL
        self.requestTimeout = requestTimeout
        self.uploadTimeout = uploadTimeout
        self.maxConnectionsPerHost = max(8, maxConnectionsPerHost)
        self.temporaryDirectory = temporaryDirectory
    }

    /// Reads `IMGUR_CLIENT_ID`, `IMGUR_CLIENT_SECRET` and `IMGUR_API_URL`; returns nil when the
    /// client id is missing or empty. An unparsable API URL falls back to the default.
    public static func fromEnvironment(_ environment: [String: String]) -> ImgurConfiguration? {
        guard let clientID = nonEmpty(environment["IMGUR_CLIENT_ID"]) else { return nil }

        let apiURL = nonEmpty(environment["IMGUR_API_URL"]).flatMap(URL.init(string:)) ?? defaultAPIURL
        return ImgurConfiguration(
            clientID: clientID,
            clientSecret: nonEmpty(environment["IMGUR_CLIENT_SECRET"]),
            apiURL: apiURL
        )
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }

    /// Builds `apiURL` + `path`, where `path` starts with `/` and is already percent-encoded.
    func endpoint(_ path: String) -> URL {
        var base = apiURL.absoluteString
        while base.hasSuffix("/") {
            base.removeLast()
        }
        return URL(string: base + path) ?? apiURL
    }
}

extension ImgurConfiguration: CustomStringConvertible {
    /// Describes the configuration with the client secret left out, so that logging it leaks nothing.
    public var description: String {
        let secret = clientSecret == nil ? "none" : "set"
        return "ImgurConfiguration(clientID: \(clientID), clientSecret: \(secret), apiURL: \(apiURL.absoluteString))"
    }
}
