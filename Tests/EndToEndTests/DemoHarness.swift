import Foundation
import ImgurSandbox
import Webhooks

/// A sandbox, a webhook receiver and a copy of the demo photographs for one test.
final class DemoHarness: Sendable {
    let sandbox: ImgurSandbox
    let receiver: WebhookReceiver
    let secret: WebhookSecret
    let folder: URL
    let tokens: (accessToken: String, refreshToken: String)

    var images: URL { folder.appendingPathComponent("images") }
    var stateDirectory: URL { folder.appendingPathComponent("state") }

    /// Copies the files of `images` (the demo photographs unless given) and starts the servers.
    /// `latency` delays every sandbox API response, so that a test can stop the binary while
    /// uploads are in flight.
    init(images: URL = RepositoryPaths.demoPhotographs, sandboxConfiguration: SandboxConfiguration? = nil, latency: Duration = .zero) throws {
        folder = try RepositoryPaths.temporaryFolder("e2e")
        try FileManager.default.copyItem(at: images, to: folder.appendingPathComponent("images"))

        var configuration = sandboxConfiguration ?? SandboxConfiguration(dataDirectory: folder.appendingPathComponent("sandbox"))
        if latency > .zero {
            configuration.latency = latency
        }
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        sandbox = try ImgurSandbox(configuration: configuration)
        secret = WebhookSecret.generate()
        receiver = try WebhookReceiver(secret: secret)
        tokens = sandbox.issueTokens()
    }

    /// Adds `count` copies of the first photograph, each with a different trailing byte after
    /// the JPEG's end marker, so that every copy is new content that decoders still read.
    func addVariants(count: Int) throws {
        let photos = try FileManager.default.contentsOfDirectory(atPath: images.path).filter { $0.hasSuffix(".jpg") }.sorted()
        let original = try Data(contentsOf: images.appendingPathComponent(photos[0]))
        for index in 0..<count {
            var variant = original
            variant.append(contentsOf: Array("variant \(index)".utf8))
            try variant.write(to: images.appendingPathComponent("variant-\(index).jpg"))
        }
    }

    func photoCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: images.path).filter { $0.hasSuffix(".jpg") }.count
    }

    /// Returns the child's environment: this process's, with every Imgur and webhook setting
    /// pointed at the local servers.
    func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("IMGUR_") && !$0.key.hasPrefix("IMGPIPE_") }
        environment["IMGUR_CLIENT_ID"] = SandboxConfiguration(dataDirectory: folder).clientID
        environment["IMGUR_CLIENT_SECRET"] = SandboxConfiguration(dataDirectory: folder).clientSecret
        environment["IMGUR_API_URL"] = sandbox.baseURL.absoluteString
        environment["IMGUR_ACCESS_TOKEN"] = tokens.accessToken
        environment["IMGUR_REFRESH_TOKEN"] = tokens.refreshToken
        environment["WEBHOOK_URL"] = receiver.url.absoluteString
        environment["WEBHOOK_SECRET"] = secret.encoded
        environment["IMGPIPE_DEMO_IMAGES"] = images.path
        environment["IMGPIPE_STATE_DIR"] = stateDirectory.path
        environment["IMGPIPE_CONFIG_DIR"] = folder.appendingPathComponent("config").path
        return environment
    }

    /// Returns the run's events as `imgpipe events RUN --json` prints them.
    func events(of runID: String) async throws -> [EventDocument] {
        let result = try await BuiltBinary.run(
            ["events", runID, "--json", "--state-dir", stateDirectory.path],
            environment: environment()
        )
        guard result.status == 0 else {
            throw HarnessError("imgpipe events failed with \(result.status): \(result.standardError)")
        }
        return try JSONDecoder().decode(EventsDocument.self, from: Data(result.standardOutput.utf8)).events
    }

    func stop() {
        sandbox.stop()
        receiver.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
