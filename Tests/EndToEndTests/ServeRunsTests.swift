import Foundation
import Testing

/// `/runs` of `imgpipe serve`, which lists the served pipelines and the event log's recent runs.
@Suite("Serve runs end to end")
struct ServeRunsTests {
    @Test("lists recent runs from the event log")
    func recentRuns() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        let batch = try Self.batchDefinition(in: folder.root)
        for _ in 0..<3 {
            let result = try await BuiltBinary.run(["run", batch.path, "--json", "--state-dir", folder.state.path], environment: folder.environment)
            #expect(result.status == 0, "stderr: \(result.standardError)")
        }
        let port = try LoopbackSocket.freePort()
        let binary = try RunningBinary(["serve", folder.definition.path, "--listen", "127.0.0.1:\(port)", "--state-dir", folder.state.path],
                                       environment: folder.environment)
        let endpoint = ServiceEndpoint(port: port)
        try await endpoint.waitUntilServing()
        try TinyPNG.data(width: 4, height: 4, seed: 41).write(to: folder.inbox.appendingPathComponent("served.png"))
        try await waitFor("the served file done") { try await endpoint.metric("imgpipe_items_total{pipeline=\"watched\",outcome=\"done\"}") == 1 }

        let all = try await Self.document(endpoint, "/runs")
        let limited = try await Self.document(endpoint, "/runs?limit=2")
        let batchOnly = try await Self.document(endpoint, "/runs?pipeline=batch&limit=10")
        var rejected: [String: Int] = [:]
        for limit in ["0", "501", "many"] {
            rejected[limit] = try await endpoint.get("/runs?limit=\(limit)").status
        }
        binary.signal(SIGTERM)
        let result = await binary.wait()

        #expect(result.status == 143, "stderr: \(result.standardError)")
        let served = all["runs"] as? [[String: Any]] ?? []
        #expect(served.first?["pipeline"] as? String == "watched")
        #expect(served.first?["state"] as? String == "running")

        let recent = all["recent_runs"] as? [[String: Any]] ?? []
        #expect(recent.count == 4)
        let newest = try #require(recent.first)
        #expect(newest["pipeline"] as? String == "watched")
        #expect(newest["status"] as? String == "running")
        #expect(newest["id"] as? String == served.first?["run_id"] as? String)
        #expect((newest["progress"] as? [String: Any])?["done"] as? Int == 1)
        for run in recent.dropFirst() {
            #expect(run["pipeline"] as? String == "batch")
            #expect(run["status"] as? String == "finished")
            #expect((run["summary"] as? [String: Any])?["done"] as? Int == 1)
        }

        #expect((limited["recent_runs"] as? [[String: Any]])?.count == 2)
        let batchRuns = batchOnly["recent_runs"] as? [[String: Any]] ?? []
        #expect(batchRuns.count == 3)
        #expect(batchRuns.allSatisfy { $0["pipeline"] as? String == "batch" })
        #expect(rejected == ["0": 400, "501": 400, "many": 400])
    }

    /// Writes a definition of pipeline `batch` that reads the metadata of one file once.
    static func batchDefinition(in root: URL) throws -> URL {
        let images = root.appendingPathComponent("batch-images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try TinyPNG.data(width: 4, height: 4, seed: 40).write(to: images.appendingPathComponent("once.png"))
        let definition = root.appendingPathComponent("batch.yaml")
        try """
        name: batch
        stages:
          - type: ingest
            path: \(images.path)
          - type: metadata

        """.write(to: definition, atomically: true, encoding: .utf8)
        return definition
    }

    /// Fetches `path` and parses its JSON body.
    static func document(_ endpoint: ServiceEndpoint, _ path: String) async throws -> [String: Any] {
        let reply = try await endpoint.get(path)
        #expect(reply.status == 200, "\(path): \(reply.body)")
        return try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any] ?? [:]
    }
}
