import Foundation
import ImgurSandbox
import Testing

/// `/metrics` of `imgpipe serve` while uploads and webhook deliveries succeed, retry and fail
/// against loopback servers.
@Suite("Serve metrics end to end")
struct ServeMetricsTests {
    static let families = [
        "imgpipe_items_total", "imgpipe_stage_items_total", "imgpipe_items_in_stage", "imgpipe_queue_depth",
        "imgpipe_queue_capacity", "imgpipe_imgur_client_remaining", "imgpipe_rate_limit_paused", "imgpipe_paused",
        "imgpipe_stage_attempts_total", "imgpipe_stage_latency_seconds", "imgpipe_webhook_attempts_total",
    ]

    @Test("upload and webhook attempts by result")
    func attemptsByResult() async throws {
        var configuration = SandboxConfiguration(dataDirectory: try RepositoryPaths.temporaryFolder("serve-metrics"))
        configuration.failureStatus = 503
        configuration.failureCount = 1
        let harness = try DemoHarness(sandboxConfiguration: configuration)
        defer { harness.stop() }
        let folder = try WatchedFolder(stableFor: "100ms", extraStages: """
          - type: metadata
          - type: authenticate
            anonymous: true
          - type: upload
            capacity: 3
            retry:
              initial_delay: 10ms
          - type: notify
            url: ${WEBHOOK_URL}
            secret: ${WEBHOOK_SECRET}
            attempts: 2
            first_retry_delay: 0s
            max_concurrent: 1

        """)
        let (binary, endpoint) = try await folder.serve(with: harness)
        let webhook = "imgpipe_webhook_attempts_total{pipeline=\"watched\",result="

        // One file at a time, so that each file's deliveries get the statuses queued for it.
        harness.receiver.queueStatuses([503])
        try TinyPNG.data(width: 4, height: 4, seed: 11).write(to: folder.inbox.appendingPathComponent("retried.png"))
        try await waitFor("a delivery after a retry") { try await endpoint.metric(webhook + "\"delivered\"}") == 1 }

        harness.receiver.queueStatuses([500, 500])
        try TinyPNG.data(width: 4, height: 4, seed: 12).write(to: folder.inbox.appendingPathComponent("dead.png"))
        try await waitFor("a dead-lettered delivery") { try await endpoint.metric(webhook + "\"failed\"}") == 1 }

        harness.receiver.queueStatuses([410])
        try TinyPNG.data(width: 4, height: 4, seed: 13).write(to: folder.inbox.appendingPathComponent("gone.png"))
        try await waitFor("a delivery answered 410") { try await endpoint.metric(webhook + "\"gone\"}") == 1 }

        let text = try await endpoint.get("/metrics").body
        binary.signal(SIGTERM)
        let result = await binary.wait()

        #expect(result.status == 143, "stderr: \(result.standardError.suffix(2000))")
        for family in Self.families {
            #expect(text.contains("# TYPE \(family) "), "missing family \(family)")
        }
        let samples = Self.samples(text)
        #expect(samples[webhook + "\"delivered\"}"] == 1)
        #expect(samples[webhook + "\"retry\"}"] == 2, "the 503 of the first file and the first 500 of the second")
        #expect(samples[webhook + "\"failed\"}"] == 1)
        #expect(samples[webhook + "\"gone\"}"] == 1)

        let upload = "{pipeline=\"watched\",stage=\"upload\""
        #expect(samples["imgpipe_stage_attempts_total" + upload + ",result=\"retry\"}"] == 1, "the sandbox's one 503")
        #expect(samples["imgpipe_stage_attempts_total" + upload + ",result=\"ok\"}"] == 3)
        #expect(samples["imgpipe_stage_items_total" + upload + ",outcome=\"ok\"}"] == 3)
        #expect(samples["imgpipe_stage_items_total{pipeline=\"watched\",stage=\"metadata\",outcome=\"ok\"}"] == 3)
        #expect(samples["imgpipe_stage_latency_seconds_count" + upload + "}"] == 4)
        #expect(samples["imgpipe_stage_latency_seconds_bucket" + upload + ",le=\"+Inf\"}"] == 4)
        #expect(samples["imgpipe_items_total{pipeline=\"watched\",outcome=\"done\"}"] == 3)
        #expect(samples["imgpipe_items_in_stage" + upload + "}"] == 0)
        #expect(samples["imgpipe_queue_depth" + upload + "}"] == 0)
        #expect(samples["imgpipe_queue_capacity" + upload + "}"] == 3)
        #expect((samples["imgpipe_imgur_client_remaining{pipeline=\"watched\"}"] ?? 0) > 0)
        #expect(samples["imgpipe_rate_limit_paused{pipeline=\"watched\"}"] == 0)
        #expect(samples["imgpipe_paused{pipeline=\"watched\"}"] == 0)
    }

    /// Parses the sample lines of a Prometheus text exposition into values by name and labels.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
