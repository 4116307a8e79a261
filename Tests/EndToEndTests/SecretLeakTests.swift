import Foundation
import ImgurSandbox
import SQLite
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

/// A webhook URL with a password and an API key in it reaches the receiver as given, while
/// events, the recorded definition and command output show it redacted.
@Suite struct WebhookURLRedactionTests {
    @Test func credentialsInWebhookURLHidden() async throws {
        let run = try CrashTrial(images: [TinyPNG.data(width: 4, height: 4, seed: 7)], latency: .zero)
        defer { run.stopInBackground() }
        var components = try #require(URLComponents(url: run.harness.receiver.url, resolvingAgainstBaseURL: false))
        components.user = "hooks"
        components.password = "pw-9f3a7c"
        components.queryItems = [URLQueryItem(name: "api_key", value: "key-51e0d2"), URLQueryItem(name: "team", value: "photos")]
        let webhookURL = components.string ?? ""
        var environment = run.harness.environment()
        environment["WEBHOOK_URL"] = webhookURL
        // The literal URL goes into the definition too, where the recorded text must hide it.
        let definition = try String(contentsOf: run.definition, encoding: .utf8)
            .replacingOccurrences(of: "url: ${WEBHOOK_URL}", with: "url: \(webhookURL)")
        try definition.write(to: run.definition, atomically: true, encoding: .utf8)

        let state = ["--state-dir", run.harness.stateDirectory.path]
        let result = try await BuiltBinary.run(run.runArguments.filter { $0 != "--quiet" }, environment: environment)
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        let events = try await BuiltBinary.run(["events", summary.runID, "--json"] + state, environment: environment)
        let webhooks = try await BuiltBinary.run(["webhooks", "list", "--json"] + state, environment: environment)
        let runs = try await BuiltBinary.run(["runs", "--json"] + state, environment: environment)
        let logText = try sqliteText(run.harness.stateDirectory.appendingPathComponent("events.sqlite"))

        #expect(run.harness.receiver.deliveries().filter { $0.type == "image.uploaded" }.count == 1, "the webhook reached the receiver through the real URL")
        #expect(events.standardOutput.contains("REDACTED"))
        let outputs = [result.standardOutput, result.standardError, events.standardOutput, webhooks.standardOutput, runs.standardOutput, logText]
        for secret in ["pw-9f3a7c", "key-51e0d2"] {
            #expect(!outputs.joined().contains(secret), "\(secret) reached the output or the event log's events")
        }
        #expect(webhooks.standardOutput.contains("team=photos"), "harmless query parameters stay")
    }

    /// Returns the event payloads and recorded definitions of the log, the text that the audit
    /// trail shows. The outbox's own table keeps the URL it must send to.
    private func sqliteText(_ path: URL) throws -> String {
        let database = try Database(path: path.path, mode: .readOnly, busyTimeout: .seconds(5))
        let payloads = try database.query("SELECT payload FROM events") { try $0.text(at: 0) ?? "" }
        let definitions = try database.query("SELECT definition_text FROM runs") { try $0.text(at: 0) ?? "" }
        return (payloads + definitions).joined(separator: "\n")
    }
}
