import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import Webhooks

/// The demo and webhook commands as a user runs them.
@Suite("Demo and webhook commands end to end")
struct CommandsTests {
    @Test("demo runs the main job, again on a second run")
    func demoCommand() async throws {
        let folder = try RepositoryPaths.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("IMGUR_") && !$0.key.hasPrefix("IMGPIPE_") }
        environment["HOME"] = folder.path

        // The second demo shares the event log with the first, as two `make demo` runs do.
        for workspace in ["workspace", "workspace-again"] {
            let result = try await BuiltBinary.run(
                ["demo", "--json", "--state-dir", folder.appendingPathComponent("state").path, "--workspace", folder.appendingPathComponent(workspace).path],
                environment: environment
            )

            #expect(result.status == 0, "\(workspace) stderr: \(result.standardError)")
            let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
            #expect(summary.done == 5, "\(workspace)")
            #expect(result.standardError.contains("signatures verified: 6"), "\(workspace)")
            let stored = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("\(workspace)/sandbox").path)
            #expect(stored.filter { $0.hasSuffix(".jpg") }.count == 5, "\(workspace)")
            try await checkSuggestedCommand(in: result.standardError, environment: environment)
        }
    }

    /// Runs the `runs` command the demo suggests, as printed: the program path must lead to
    /// the binary from the repository folder, where `make demo` runs it.
    private func checkSuggestedCommand(in text: String, environment: [String: String]) async throws {
        let line = try #require(text.split(separator: "\n").first { $0.contains(" runs --state-dir ") })
        let words = line.split(separator: " ").map(String.init)
        let program = URL(fileURLWithPath: words[0], relativeTo: RepositoryPaths.root).standardizedFileURL
        #expect(FileManager.default.isExecutableFile(atPath: program.path), "the demo suggests '\(words[0])', which is not the binary")

        let listed = try await BuiltBinary.run(Array(words.dropFirst()), environment: environment)
        #expect(listed.status == 0, "stderr: \(listed.standardError)")
        #expect(listed.standardOutput.contains("demo"))
    }

    @Test("webhooks secret prints a usable secret")
    func webhooksSecret() async throws {
        let result = try await BuiltBinary.run(["webhooks", "secret"], environment: ProcessInfo.processInfo.environment)

        #expect(result.status == 0)
        let text = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.hasPrefix("whsec_"))
        #expect(throws: Never.self) { try WebhookSecret(text) }
    }

    @Test("webhooks listen verifies and prints deliveries")
    func webhooksListen() async throws {
        let secret = WebhookSecret.generate()
        let port = try LoopbackSocket.freePort()
        let listener = try RunningBinary(
            ["webhooks", "listen", "--secret", secret.encoded, "--port", String(port), "--json"],
            environment: ProcessInfo.processInfo.environment
        )

        let body = Data(#"{"type":"image.uploaded","data":{"n":1}}"#.utf8)
        let signed = try await post(body, to: port, headers: WebhookSigner(secret: secret).headers(id: "msg_1", timestamp: Int64(Date().timeIntervalSince1970), body: body))
        let forged = try await post(body, to: port, headers: WebhookSigner(secret: WebhookSecret.generate()).headers(id: "msg_2", timestamp: Int64(Date().timeIntervalSince1970), body: body))
        listener.signal(SIGTERM)
        let result = await listener.wait()

        #expect(signed == 204)
        #expect(forged == 401)
        let lines = result.standardOutput.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2)
        #expect(lines.first { $0["id"] as? String == "msg_1" }?["verified"] as? Bool == true)
        #expect(lines.first { $0["id"] as? String == "msg_2" }?["verified"] as? Bool == false)
    }

    /// POSTs to the listener, retrying while it is still starting up.
    private func post(_ body: Data, to port: UInt16, headers: [String: String]) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/")!)
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        for _ in 0..<100 {
            if let (_, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse {
                return http.statusCode
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("the listener on port \(port) did not answer")
    }
}
