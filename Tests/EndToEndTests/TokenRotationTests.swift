import Foundation
import ImgurSandbox
import Testing

/// Separate `imgpipe` processes sharing one account against a sandbox that rotates refresh
/// tokens and rejects a retired one.
@Suite struct TokenRotationTests {
    let folder: URL
    let sandbox: ImgurSandbox
    let sandboxConfiguration: SandboxConfiguration
    let seed: (accessToken: String, refreshToken: String)

    init() throws {
        folder = try RepositoryPaths.temporaryFolder("rotation")
        var configuration = SandboxConfiguration(dataDirectory: folder.appendingPathComponent("sandbox"))
        configuration.rotateRefreshTokens = true
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        sandboxConfiguration = configuration
        sandbox = try ImgurSandbox(configuration: configuration)
        seed = sandbox.issueTokens()
    }

    func environment() -> [String: String] {
        imgurTestEnvironment(apiURL: sandbox.baseURL, clientID: sandboxConfiguration.clientID,
                             clientSecret: sandboxConfiguration.clientSecret, tokens: seed, folder: folder)
    }

    func storedRefreshToken() throws -> String? {
        let data = try Data(contentsOf: folder.appendingPathComponent("config/credentials.json"))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let accounts = document?["accounts"] as? [String: Any]
        return (accounts?["default"] as? [String: Any])?["refresh_token"] as? String
    }

    @Test func concurrentUploadsRefreshOnce() async throws {
        defer {
            sandbox.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let image = RepositoryPaths.fixtures.appendingPathComponent("images/pngsuite_basn6a08.png").path
        let environment = environment()
        sandbox.expireAccessTokens()

        let statuses = try await withThrowingTaskGroup(of: BuiltBinary.Result.self) { group in
            for _ in 0..<8 {
                // --force: the eight processes send the same file, which would otherwise upload once.
                group.addTask { try await BuiltBinary.run(["upload", "--raw", "--force", "--json", image], environment: environment) }
            }
            return try await group.reduce(into: [BuiltBinary.Result]()) { $0.append($1) }
        }

        for result in statuses {
            #expect(result.status == 0, "\(result.standardError)")
        }
        #expect(sandbox.tokenRequestCount() == 1)
        #expect(sandbox.storedImages().count == 8)
        let stored = try #require(try storedRefreshToken())
        #expect(stored != seed.refreshToken)
    }

    @Test func rotatedTokenOutlivesEnvironment() async throws {
        defer {
            sandbox.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let refreshed = try await BuiltBinary.run(["auth", "refresh"], environment: environment())
        #expect(refreshed.status == 0, "\(refreshed.standardError)")

        // The seed's refresh token is now retired; the stored one must be used.
        sandbox.expireAccessTokens()
        let again = try await BuiltBinary.run(["whoami"], environment: environment())
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains(sandboxConfiguration.username))
        #expect(sandbox.tokenRequestCount() == 2)
    }
}
