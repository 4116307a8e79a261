import Foundation
import Testing

/// Exit code 5 and resumable runs when `IMGUR_API_URL` names a closed port on 127.0.0.1, run
/// through the built binary.
@Suite("Imgur unreachable", .serialized)
struct ImgurUnreachableTests {
    static let images: [Data] = (0..<2).map { TinyPNG.data(width: 5, height: 5, seed: 4000 + $0) }

    @Test("upload exits 5 naming the URL")
    func uploadExitsFive() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let closed = try Self.closedURL()
        let file = run.harness.images.appendingPathComponent("tiny-0000.png").path

        let result = try await BuiltBinary.run(
            ["upload", file, "--state-dir", run.harness.stateDirectory.path], environment: Self.environment(run, apiURL: closed)
        )
        #expect(result.status == 5, "stderr: \(result.standardError)")
        #expect(result.standardError.contains(closed))
        #expect(result.standardError.contains("IMGUR_API_URL"))
        #expect(run.harness.sandbox.storedImages().isEmpty)
    }

    @Test("run exits 5 and stays resumable")
    func runExitsFiveResumable() async throws {
        let run = try CrashTrial(images: Self.images, latency: .zero)
        defer { run.stopInBackground() }
        let closed = try Self.closedURL()
        let unreachable = Self.environment(run, apiURL: closed)

        let stopped = try await BuiltBinary.run(run.runArguments, environment: unreachable)
        #expect(stopped.status == 5, "stderr: \(stopped.standardError)")
        #expect(stopped.standardError.contains(closed))
        let runID = try #require(try await Self.runs(run).first?["id"] as? String)
        #expect(try await Self.runs(run).first?["status"] as? String == "interrupted")

        // Continuing while Imgur is still down stops the same run the same way.
        let again = try await BuiltBinary.run(run.runArguments, environment: unreachable)
        #expect(again.status == 5, "stderr: \(again.standardError)")
        let listed = try await Self.runs(run)
        #expect(listed.count == 1, "the unfinished run is continued, not replaced")
        #expect(listed.first?["status"] as? String == "interrupted")

        // Once Imgur is reachable, resume finishes the run.
        let resumed = try await run.imgpipe(["resume", runID, "--json", "--quiet"])
        #expect(resumed.status == 0, "stderr: \(resumed.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(resumed.standardOutput.utf8))
        #expect(summary.runID == runID)
        #expect(summary.done == 2)
        #expect(run.harness.sandbox.storedImages().count == 2)
    }

    /// Returns the URL of a port on 127.0.0.1 that nothing listens on.
    private static func closedURL() throws -> String {
        "http://127.0.0.1:\(try LoopbackSocket.freePort())"
    }

    private static func environment(_ run: CrashTrial, apiURL: String) -> [String: String] {
        var environment = run.harness.environment()
        environment["IMGUR_API_URL"] = apiURL
        return environment
    }

    private static func runs(_ run: CrashTrial) async throws -> [[String: Any]] {
        let listed = try await run.imgpipe(["runs", "--json"])
        #expect(listed.status == 0, "stderr: \(listed.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        return document?["runs"] as? [[String: Any]] ?? []
    }
}
