import Foundation
import ImgurSandbox
import Testing

/// Many small files in a watched folder while the upload endpoint answers 503: the queues stay
/// at their capacity, memory stays level, and everything completes once Imgur recovers.
@Suite("Backpressure end to end")
struct BackpressureTests {
    /// 5,000 files by default, about 50 s in a debug build on an idle 2-core machine. Set
    /// IMGPIPE_BACKPRESSURE_FILES to another count for a quicker check while working.
    static let fileCount = Int(ProcessInfo.processInfo.environment["IMGPIPE_BACKPRESSURE_FILES"] ?? "") ?? 5_000

    /// Samples of the queue depth and resident size taken while every upload gets a 503, 50 ms
    /// apart. The sandbox recovers only after the last one, however slow the machine is.
    static let samples = 60

    @Test("503s hold queues at capacity, then all complete")
    func serviceUnavailable() async throws {
        var configuration = SandboxConfiguration(dataDirectory: try RepositoryPaths.temporaryFolder("backpressure"))
        configuration.failureStatus = 503
        let harness = try DemoHarness(sandboxConfiguration: configuration)
        defer { harness.stop() }
        let folder = try WatchedFolder(stableFor: "0s", extraStages: """
          - type: authenticate
            anonymous: true
          - type: upload
            concurrency: 2
            capacity: 2
            retry:
              max_attempts: 1000
              initial_delay: 20ms
              max_delay: 60ms

        """)
        for index in 0..<Self.fileCount {
            try TinyPNG.data(width: 2, height: 2, seed: index).write(to: folder.inbox.appendingPathComponent("small-\(index).png"))
        }
        let port = try LoopbackSocket.freePort()
        var environment = harness.environment()
        environment["IMGPIPE_STATE_DIR"] = folder.state.path
        let binary = try RunningBinary(["serve", folder.definition.path, "--listen", "127.0.0.1:\(port)"], environment: environment)
        let endpoint = ServiceEndpoint(port: port)
        try await endpoint.waitUntilServing()

        let depth = "imgpipe_queue_depth{pipeline=\"watched\",stage=\"upload\"}"
        try await waitFor("a full upload queue") { try await endpoint.metric(depth) == 2 }
        var depths: [Double] = []
        var residentSizes: [Int] = []
        for _ in 0..<Self.samples {
            depths.append(try await endpoint.metric(depth) ?? -1)
            residentSizes.append(try Self.residentKilobytes(of: binary.process.processIdentifier))
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(harness.sandbox.storedImages().isEmpty, "nothing is stored while every upload gets a 503")
        harness.sandbox.recover()
        try await waitFor("every upload", within: .seconds(60 + Self.fileCount / 20)) { harness.sandbox.storedImages().count == Self.fileCount }
        let attempts = "imgpipe_stage_attempts_total{pipeline=\"watched\",stage=\"upload\",result="
        try await waitFor("the last upload counted") { try await endpoint.metric(attempts + "\"ok\"}") == Double(Self.fileCount) }
        let retries = try await endpoint.metric(attempts + "\"retry\"}")
        let latencyCount = try await endpoint.metric("imgpipe_stage_latency_seconds_count{pipeline=\"watched\",stage=\"upload\"}")
        binary.signal(SIGTERM)
        let result = await binary.wait()

        #expect(retries == Double(harness.sandbox.failuresServed()), "one retry per 503 the sandbox sent")
        #expect(latencyCount == Double(Self.fileCount + harness.sandbox.failuresServed()))

        #expect(result.status == 143, "stderr: \(result.standardError.suffix(2000))")
        #expect(depths.allSatisfy { $0 <= 2 }, "depths: \(depths)")
        #expect(depths.filter { $0 == 2 }.count * 2 >= depths.count, "the queue stayed full while uploads failed: \(depths)")
        // Compares the second half of the 503 phase with the first: the queues are full in both.
        let half = residentSizes.count / 2
        let growth = (residentSizes.suffix(from: half).max() ?? 0) - (residentSizes.prefix(half).max() ?? 0)
        #expect(growth < 20_000, "resident size grew \(growth) kB while uploads failed: \(residentSizes)")
    }

    /// Reads VmRSS from /proc, in kilobytes.
    static func residentKilobytes(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
