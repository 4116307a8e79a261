import Foundation
import ImgurSandbox
import Testing

/// Collects the output, logs and event payloads of signed-in commands run with known tokens
/// and secrets, and searches them for every secret.
@Suite struct SecretLeakTests {
    @Test func noSecretInAnyOutput() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }
        var environment = harness.environment()
        let image = RepositoryPaths.fixtures.appendingPathComponent("images/exif_orient6_Portrait_6.jpg").path

        var collected: [String] = []
        func run(_ arguments: [String]) async throws -> BuiltBinary.Result {
            let result = try await BuiltBinary.run(arguments + ["--verbose"], environment: environment)
            collected += [result.standardOutput, result.standardError]
            return result
        }

        harness.sandbox.expireAccessTokens()
        let upload = try await run(["upload", "--json", image])
        #expect(upload.status == 0, "\(upload.standardError)")
        for arguments in [["whoami", "--json"], ["credits", "--json"], ["auth", "status", "--json"], ["auth", "refresh", "--json"],
                          ["auth", "status"], ["runs", "--json"]] {
            let result = try await run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }

        let runID = try #require(upload.standardOutput.firstMatch(of: /"run_id" : "([^"]+)"/)?.1)
        let events = try await run(["events", String(runID), "--json"])
        #expect(events.status == 0)

        // A rejected refresh token: the failure message must not quote it either.
        environment["IMGUR_ACCESS_TOKEN"] = "feedfacefeedfacefeedfacefeedfacefeedface"
        environment["IMGUR_REFRESH_TOKEN"] = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef"
        environment["IMGPIPE_CONFIG_DIR"] = harness.folder.appendingPathComponent("config-rejected").path
        let rejected = try await run(["upload", "--force", image])
        #expect(rejected.status == 3, "\(rejected.standardError)")

        let stored = try storedTokens(in: harness.folder.appendingPathComponent("config"))
        let secrets = [harness.tokens.accessToken, harness.tokens.refreshToken, environment["IMGUR_CLIENT_SECRET"]!,
                       environment["IMGUR_ACCESS_TOKEN"]!, environment["IMGUR_REFRESH_TOKEN"]!] + stored
        let text = collected.joined(separator: "\n")
        for secret in secrets {
            #expect(!text.contains(secret), "a secret reached the output")
        }
        #expect(stored.count == 2)
    }

    private func storedTokens(in configFolder: URL) throws -> [String] {
        let data = try Data(contentsOf: configFolder.appendingPathComponent("credentials.json"))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let account = (document?["accounts"] as? [String: Any])?["default"] as? [String: Any]
        return ["access_token", "refresh_token"].compactMap { account?[$0] as? String }
    }
}
