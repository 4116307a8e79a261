import Foundation
import Testing

/// Every recorded Imgur case, served on its route by a scripted loopback server and reached
/// through `imgpipe upload`, `whoami` or `delete` as a user would run them.
@Suite(.serialized) struct ImgurCaseCommandTests {
    static let accessToken = "0123456789abcdef0123456789abcdef01234567"
    static let refreshToken = "fedcba9876543210fedcba9876543210fedcba98"
    static let clientSecret = "case-client-secret-5c1e"

    /// What a case needs: the command, the routes beside its own, and the expected exit status.
    struct Scenario {
        var arguments: [String]
        var scripts: [String: [RecordedCase]]
        var status: Int32
    }

    static func scenario(for recorded: RecordedCase) throws -> Scenario {
        let accountOK = try RecordedCase.load("account-me-ok.json")
        let settingsOK = try RecordedCase.load("account-settings-ok.json")
        let uploadOK = try RecordedCase.load("upload-ok.json")
        let tokenInvalid = try RecordedCase.load("upload-token-invalid.json")
        let tokenOK = try RecordedCase.load("token-refresh-ok.json")
        let image = RepositoryPaths.fixtures.appendingPathComponent("images/pngsuite_basn6a08.png").path
        let upload = ["upload", "--raw", "--json", image]
        let signedIn = [accountOK.route: [accountOK], settingsOK.route: [settingsOK]]

        switch recorded.route {
        case accountOK.route, settingsOK.route:
            var scripts = signedIn
            scripts[recorded.route] = [recorded]
            return Scenario(arguments: ["whoami", "--json"], scripts: scripts, status: 0)
        case "DELETE /3/image/Ab3dE5gH7jK9mN1":
            return Scenario(arguments: ["delete", "Ab3dE5gH7jK9mN1", "--json"], scripts: [recorded.route: [recorded]], status: 0)
        case tokenOK.route:
            // The token endpoint is reached after an upload got 403 "invalid token".
            let retried: [RecordedCase] = recorded.outcome == "success" ? [tokenInvalid, uploadOK] : [tokenInvalid]
            return Scenario(arguments: upload, scripts: signedIn.merging([uploadOK.route: retried, tokenOK.route: [recorded]]) { $1 },
                            status: recorded.outcome == "success" ? 0 : 3)
        default:
            let statuses = ["success": 0, "rejected": 1, "server_error": 5, "rate_limited": 4, "refresh_then_retry_once": 3] as [String: Int32]
            return Scenario(arguments: upload, scripts: signedIn.merging([recorded.route: [recorded], tokenOK.route: [tokenOK]]) { $1 },
                            status: statuses[recorded.outcome] ?? -1)
        }
    }

    @Test(arguments: RecordedCase.fileNames)
    func caseThroughCommand(fileName: String) async throws {
        let recorded = try RecordedCase.load(fileName)
        let scenario = try Self.scenario(for: recorded)
        let server = try ScriptedImgurServer(scenario.scripts)
        defer { server.stop() }
        let folder = try RepositoryPaths.temporaryFolder("case")
        defer { try? FileManager.default.removeItem(at: folder) }

        let result = try await BuiltBinary.run(scenario.arguments, environment: environment(server: server, folder: folder))
        let output = result.standardOutput + result.standardError

        #expect(result.status == scenario.status, "\(fileName): \(output)")
        if let fragment = recorded.expect["message_contains"] {
            #expect(output.contains(fragment), "\(fileName): \(output)")
        }
        if recorded.expect["scope"] == "client" {
            #expect(output.contains("register your own client id"), "\(fileName): \(output)")
        }
        if recorded.outcome == "rate_limited" {
            #expect(output.contains("uploads can resume at"), "\(fileName): \(output)")
        }
        for key in ["username", "email", "id", "link", "deletehash"] {
            if let value = recorded.expect[key] {
                #expect(result.standardOutput.contains(value), "\(fileName): \(key) \(value) missing from \(result.standardOutput)")
            }
        }
        try checkRequests(recorded, server: server, folder: folder)
        for secret in [Self.accessToken, Self.refreshToken, Self.clientSecret] {
            #expect(!output.contains(secret), "\(fileName): a secret reached the output")
        }
    }

    private func checkRequests(_ recorded: RecordedCase, server: ScriptedImgurServer, folder: URL) throws {
        switch recorded.outcome {
        case "refresh_then_retry_once":
            #expect(server.requestCount("POST /oauth2/token") == 1)
            #expect(server.requestCount("POST /3/image") == 2)
        case "login_required":
            #expect(server.requestCount("POST /oauth2/token") == 1)
            let stored = try String(contentsOf: folder.appendingPathComponent("config/credentials.json"), encoding: .utf8)
            #expect(stored.contains("Invalid refresh token"))
        case "rate_limited", "rejected":
            #expect(server.requestCount("POST /3/image") == 1)
        case "server_error":
            #expect(server.requestCount("POST /3/image") == 3)
        default:
            break
        }
        if recorded.route == "POST /oauth2/token", recorded.outcome == "success" {
            let rotated = try #require(recorded.body.firstMatch(of: /"refresh_token":\s*"([0-9a-f]+)"/)?.1)
            let stored = try String(contentsOf: folder.appendingPathComponent("config/credentials.json"), encoding: .utf8)
            #expect(stored.contains(String(rotated)))
        }
    }

    private func environment(server: ScriptedImgurServer, folder: URL) -> [String: String] {
        imgurTestEnvironment(apiURL: server.baseURL, clientID: "case-client", clientSecret: Self.clientSecret,
                             tokens: (Self.accessToken, Self.refreshToken), folder: folder)
    }
}
