import Foundation
import Testing

/// The per-pipeline run lock: one live process runs a pipeline at a time, and a run whose
/// process died lists as `abandoned`, through the built binary and `/runs` of `serve`.
@Suite("Run lock end to end")
struct RunLockTests {
    @Test("second run rejected until holder killed")
    func secondRunRejected() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }
        try TinyPNG.data(width: 4, height: 4, seed: 51).write(to: folder.inbox.appendingPathComponent("first.png"))
        let once = try Self.definition(named: "watched", inbox: folder.inbox, watching: false, in: folder.root)
        let onceArguments = ["run", once.path, "--new-run", "--json", "--quiet", "--state-dir", folder.state.path]

        let holder = try RunningBinary(["run", folder.definition.path, "--quiet", "--state-dir", folder.state.path], environment: folder.environment)
        defer { holder.killIfRunning() }
        try await folder.waitForDiscovery(of: "first.png")
        let rejected = try await BuiltBinary.run(onceArguments, environment: folder.environment)
        let whileLive = try await Self.listedRuns(folder)
        let table = try await BuiltBinary.run(["runs", "--state-dir", folder.state.path], environment: folder.environment)
        holder.signal(SIGKILL)
        _ = await holder.wait()
        let afterKill = try await Self.listedRuns(folder)
        let tableAfterKill = try await BuiltBinary.run(["runs", "--state-dir", folder.state.path], environment: folder.environment)
        let accepted = try await BuiltBinary.run(onceArguments, environment: folder.environment)

        let pid = holder.process.processIdentifier
        let heldRun = try #require(whileLive.first?["id"] as? String)
        #expect(rejected.status == 2, "stdout: \(rejected.standardOutput)")
        #expect(rejected.standardError.contains("pipeline 'watched' is already running in process \(pid) (run \(heldRun))"),
                "stderr: \(rejected.standardError)")
        #expect(rejected.standardError.contains("wait for it to finish or stop process \(pid)"))
        #expect(whileLive.count == 1, "the rejected run recorded nothing")
        #expect(whileLive.first?["status"] as? String == "running")
        #expect(whileLive.first?["hint"] == nil)
        #expect(table.standardOutput.contains("running"))

        let abandoned = try #require(afterKill.first { $0["id"] as? String == heldRun })
        #expect(abandoned["status"] as? String == "abandoned")
        #expect((abandoned["hint"] as? String)?.contains("imgpipe resume \(heldRun)") == true)
        #expect(tableAfterKill.standardOutput.contains("abandoned"))
        #expect(tableAfterKill.standardOutput.contains("imgpipe resume \(heldRun)"))
        #expect(accepted.status == 0, "stderr: \(accepted.standardError)")
    }

    @Test("serve reports held pipeline and lists abandoned")
    func serveReportsLocks() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let heldInbox = try Self.inbox("held-inbox", in: folder.root, file: "held.png", seed: 52)
        let servedInbox = try Self.inbox("served-inbox", in: folder.root, file: "served.png", seed: 53)
        try TinyPNG.data(width: 4, height: 4, seed: 54).write(to: folder.inbox.appendingPathComponent("killed.png"))
        let heldDefinition = try Self.definition(named: "held", inbox: heldInbox, watching: true, in: folder.root)
        let servedDefinition = try Self.definition(named: "served", inbox: servedInbox, watching: true, in: folder.root)

        // Pipeline `watched` is left abandoned by a killed process; `held` is run by a live one.
        let killed = try RunningBinary(["run", folder.definition.path, "--quiet", "--state-dir", folder.state.path], environment: folder.environment)
        try await folder.waitForDiscovery(of: "killed.png")
        killed.signal(SIGKILL)
        _ = await killed.wait()
        let holder = try RunningBinary(["run", heldDefinition.path, "--quiet", "--state-dir", folder.state.path], environment: folder.environment)
        defer { holder.killIfRunning() }
        try await folder.waitForDiscovery(of: "held.png")

        let port = try LoopbackSocket.freePort()
        let service = try RunningBinary(["serve", heldDefinition.path, servedDefinition.path, "--listen", "127.0.0.1:\(port)", "--state-dir", folder.state.path],
                                        environment: folder.environment)
        defer { service.killIfRunning() }
        let endpoint = ServiceEndpoint(port: port)
        try await endpoint.waitUntilServing()
        try await folder.waitForDiscovery(of: "served.png")
        let readiness = try await endpoint.get("/readyz")
        let document = try await ServeRunsTests.document(endpoint, "/runs")
        let listed = try await Self.listedRuns(folder)
        // A definition that does not watch, so that the run ends by itself if the lock lets it start.
        let servedOnce = try Self.definition(named: "served", inbox: servedInbox, watching: false, in: folder.root)
        let runWhileServed = try await BuiltBinary.run(["run", servedOnce.path, "--new-run", "--quiet", "--state-dir", folder.state.path],
                                                       environment: folder.environment)
        // Once the holder ends, the service takes the lock and starts the pipeline by itself.
        holder.signal(SIGTERM)
        _ = await holder.wait()
        let heldAfterRelease = try await Self.waitForServedState("running", definition: heldDefinition, endpoint)
        let readinessAfterRelease = try await endpoint.get("/readyz")
        service.signal(SIGTERM)
        let serviceResult = await service.wait()

        let holderPID = holder.process.processIdentifier
        #expect(serviceResult.status == 143, "stderr: \(serviceResult.standardError)")
        #expect(readiness.status == 503)
        #expect(readiness.body.contains("pipeline 'held' is already running in process \(holderPID)"), "body: \(readiness.body)")
        let pipelines = document["runs"] as? [[String: Any]] ?? []
        let heldPipeline = pipelines.first { $0["definition_path"] as? String == heldDefinition.path }
        #expect(heldPipeline?["pipeline"] as? String == "held")
        #expect(heldPipeline?["state"] as? String == "paused")
        #expect((heldPipeline?["paused_reason"] as? String)?.contains("wait for it to finish or stop process \(holderPID)") == true)
        #expect(heldAfterRelease["run_id"] is String, "the served pipeline started no run: \(heldAfterRelease)")
        #expect(readinessAfterRelease.status == 200, "body: \(readinessAfterRelease.body)")
        let waitLines = serviceResult.standardError.components(separatedBy: "pipeline waiting for its run lock").count - 1
        #expect(waitLines == 1, "stderr: \(serviceResult.standardError)")
        #expect(pipelines.first { $0["pipeline"] as? String == "served" }?["state"] as? String == "running")

        let recent = document["recent_runs"] as? [[String: Any]] ?? []
        for runs in [recent, listed] {
            #expect(Self.statuses(runs) == ["watched": "abandoned", "held": "running", "served": "running"])
            #expect((runs.first { $0["pipeline"] as? String == "watched" }?["hint"] as? String)?.contains("imgpipe resume") == true)
        }
        #expect(runWhileServed.status == 2)
        #expect(runWhileServed.standardError.contains("pipeline 'served' is already running in process \(service.process.processIdentifier)"),
                "stderr: \(runWhileServed.standardError)")
    }

    /// Polls `/runs` until the served pipeline of `definition` has `state`, and returns its entry.
    static func waitForServedState(_ state: String, definition: URL, _ endpoint: ServiceEndpoint) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        var latest: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            let pipelines = try await ServeRunsTests.document(endpoint, "/runs")["runs"] as? [[String: Any]] ?? []
            latest = pipelines.first { $0["definition_path"] as? String == definition.path } ?? [:]
            if latest["state"] as? String == state { return latest }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("the served pipeline of \(definition.lastPathComponent) did not reach state \(state) within 20 s; last: \(latest)")
    }

    /// Writes a definition of pipeline `name` that reads the metadata of the files in `inbox`.
    static func definition(named name: String, inbox: URL, watching: Bool, in root: URL) throws -> URL {
        let definition = root.appendingPathComponent("\(name)-\(watching ? "watch" : "once").yaml")
        try """
        name: \(name)
        stages:
          - type: ingest
            path: \(inbox.path)
            watch: \(watching)
            stable_for: 100ms
          - type: metadata

        """.write(to: definition, atomically: true, encoding: .utf8)
        return definition
    }

    /// Makes folder `name` under `root` holding one small PNG named `file`.
    static func inbox(_ name: String, in root: URL, file: String, seed: Int) throws -> URL {
        let inbox = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try TinyPNG.data(width: 4, height: 4, seed: seed).write(to: inbox.appendingPathComponent(file))
        return inbox
    }

    /// Returns the runs that `imgpipe runs --json` lists for the folder's state directory.
    static func listedRuns(_ folder: WatchedFolder) async throws -> [[String: Any]] {
        let result = try await BuiltBinary.run(["runs", "--json", "--state-dir", folder.state.path], environment: folder.environment)
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return document?["runs"] as? [[String: Any]] ?? []
    }

    /// Returns each listed run's status by pipeline name.
    static func statuses(_ runs: [[String: Any]]) -> [String: String] {
        var statuses: [String: String] = [:]
        for run in runs {
            if let pipeline = run["pipeline"] as? String { statuses[pipeline] = run["status"] as? String }
        }
        return statuses
    }
}

extension RunningBinary {
    /// Kills the child unless it exited, so that a test that throws leaves no watching process.
    func killIfRunning() {
        if process.isRunning { signal(SIGKILL) }
    }
}
