import Foundation
import ImgurSandbox
import Testing

/// `imgpipe serve` run by the built binary, with its endpoints queried over loopback.
@Suite("Serve end to end")
struct ServeTests {
    @Test("endpoints report the run; a token guards all but /healthz")
    func endpointsAndToken() async throws {
        let folder = try WatchedFolder()
        let port = try LoopbackSocket.freePort()
        let binary = try RunningBinary(
            ["serve", folder.definition.path, "--listen", "127.0.0.1:\(port)", "--auth-token", "letmein", "--log-format", "json", "--state-dir", folder.state.path],
            environment: folder.environment
        )
        let endpoint = ServiceEndpoint(port: port, token: "letmein")
        try await endpoint.waitUntilServing()
        try TinyPNG.data(width: 4, height: 4, seed: 1).write(to: folder.inbox.appendingPathComponent("one.png"))
        try await folder.waitForDiscovery(of: "one.png")

        #expect(try await endpoint.get("/metrics", token: "wrong").status == 401)
        #expect(try await ServiceEndpoint(port: port).get("/runs").status == 401)
        #expect(try await ServiceEndpoint(port: port).get("/healthz").status == 200)
        #expect(try await endpoint.get("/readyz").status == 200)
        try await waitFor { try await endpoint.metric("imgpipe_items_total{pipeline=\"watched\",outcome=\"done\"}") == 1 }
        #expect(try await endpoint.metric("imgpipe_paused{pipeline=\"watched\"}") == 0)
        let runs = try await endpoint.get("/runs")
        #expect(runs.status == 200)
        #expect(runs.body.contains("\"pipeline\":\"watched\""))
        #expect(runs.body.contains("\"state\":\"running\""))

        binary.signal(SIGTERM)
        let result = await binary.wait()
        #expect(result.status == 143, "stderr: \(result.standardError)")
        let messages = result.standardError.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["message"] as? String
        }
        #expect(messages.count == result.standardError.split(separator: "\n").count, "every log line is JSON")
        #expect(messages.contains("service started"))
        #expect(messages.contains("run finished"))
    }

    @Test("a non-loopback address needs --auth-token")
    func nonLoopbackNeedsToken() async throws {
        let folder = try WatchedFolder()
        let result = try await BuiltBinary.run(
            ["serve", folder.definition.path, "--listen", "0.0.0.0:1", "--state-dir", folder.state.path],
            environment: folder.environment
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains("--auth-token"))
    }

    @Test("SIGTERM drains; files arriving later wait for the next start")
    func sigtermLeavesLaterFiles() async throws {
        var configuration = SandboxConfiguration(dataDirectory: try RepositoryPaths.temporaryFolder("serve-sandbox"))
        configuration.latency = .milliseconds(800)
        let harness = try DemoHarness(sandboxConfiguration: configuration)
        defer { harness.stop() }
        let folder = try WatchedFolder(stableFor: "100ms", extraStages: """
          - type: authenticate
          - type: upload

        """)
        let port = try LoopbackSocket.freePort()
        var environment = harness.environment()
        environment["IMGPIPE_STATE_DIR"] = folder.state.path
        let arguments = ["serve", folder.definition.path, "--listen", "127.0.0.1:\(port)"]

        let first = try RunningBinary(arguments, environment: environment)
        try await ServiceEndpoint(port: port).waitUntilServing()
        try TinyPNG.data(width: 4, height: 4, seed: 2).write(to: folder.inbox.appendingPathComponent("before.png"))
        try await folder.waitForDiscovery(of: "before.png")
        first.signal(SIGTERM)
        // The upload in flight keeps the process draining for the sandbox latency while this file arrives.
        try TinyPNG.data(width: 4, height: 4, seed: 3).write(to: folder.inbox.appendingPathComponent("after.png"))
        let stopped = await first.wait()

        #expect(stopped.status == 143, "stderr: \(stopped.standardError)")
        #expect(try folder.discoveries().map(\.name) == ["before.png"])
        #expect(harness.sandbox.storedImages().count == 1, "the upload in flight drained")

        let second = try RunningBinary(arguments, environment: environment)
        try await folder.waitForDiscovery(of: "after.png")
        try await waitFor { harness.sandbox.storedImages().count == 2 }
        second.signal(SIGTERM)
        #expect(await second.wait().status == 143)
        #expect(try folder.discoveries().map(\.name).sorted() == ["after.png", "before.png"])
    }

    @Test("sign-in through the service resumes a paused pipeline")
    func signInResumes() async throws {
        let port = try LoopbackSocket.freePort()
        var configuration = SandboxConfiguration(dataDirectory: try RepositoryPaths.temporaryFolder("serve-sign-in"))
        configuration.autoApprove = true
        configuration.redirectURI = "http://127.0.0.1:\(port)/imgur/callback"
        let harness = try DemoHarness(sandboxConfiguration: configuration)
        defer { harness.stop() }
        let folder = try WatchedFolder(stableFor: "100ms", extraStages: """
          - type: authenticate
          - type: upload

        """)
        var environment = harness.environment()
        environment["IMGUR_ACCESS_TOKEN"] = nil
        environment["IMGUR_REFRESH_TOKEN"] = nil
        environment["IMGUR_REDIRECT_URI"] = configuration.redirectURI
        environment["IMGPIPE_STATE_DIR"] = folder.state.path
        try TinyPNG.data(width: 4, height: 4, seed: 4).write(to: folder.inbox.appendingPathComponent("waiting.png"))

        let binary = try RunningBinary(["serve", folder.definition.path, "--listen", "127.0.0.1:\(port)"], environment: environment)
        let endpoint = ServiceEndpoint(port: port)
        try await endpoint.waitUntilServing()
        try await waitFor("pipeline paused") { try await endpoint.metric("imgpipe_paused{pipeline=\"watched\"}") == 1 }
        #expect(try await endpoint.get("/readyz").status == 503)
        #expect(try await endpoint.get("/imgur/callback?code=forged&state=forged").status == 409, "no login is in progress yet")

        // The sandbox approves at once and redirects to the service's callback, which URLSession follows.
        let signedIn = try await endpoint.get("/auth/login")
        #expect(signedIn.status == 200, "body: \(signedIn.body)")
        try await waitFor("upload after sign-in") { harness.sandbox.storedImages().count == 1 }
        #expect(try await endpoint.metric("imgpipe_paused{pipeline=\"watched\"}") == 0)

        binary.signal(SIGTERM)
        #expect(await binary.wait().status == 143)
    }
}

/// Polls `condition` until it holds, for states a child process reports only through its
/// endpoints or its event log.
func waitFor(_ description: String = "condition", within limit: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw HarnessError("\(description) did not hold within \(limit)")
}
