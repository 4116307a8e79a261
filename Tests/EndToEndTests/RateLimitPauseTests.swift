import Foundation
import Testing

/// Uploads that meet a spent or nearly spent budget pause, say so in the event log and go on
/// by themselves once the reset named by the headers has passed.
@Suite struct RateLimitPauseTests {
    let folder: URL

    init() throws {
        folder = try RepositoryPaths.temporaryFolder("pause")
    }

    /// Runs imgpipe against a scripted server and returns its result and the run's event types.
    func run(_ scripts: [String: [RecordedCase]], arguments: [String]) async throws -> (BuiltBinary.Result, [String], ScriptedImgurServer) {
        let server = try ScriptedImgurServer(scripts)
        let environment = imgurTestEnvironment(apiURL: server.baseURL, clientID: "pause-client", clientSecret: "pause-secret",
                                               tokens: ("pause-access", "pause-refresh"), folder: folder)
        let result = try await BuiltBinary.run(arguments, environment: environment)
        let runID = String(result.standardOutput.firstMatch(of: /"run_id" ?: "([^"]+)"/)?.1 ?? "")
        let events = try await BuiltBinary.run(["events", runID, "--json"], environment: environment)
        let types = events.standardOutput.matches(of: /"type" : "([a-z._]+)"/).map { String($0.1) }
        return (result, types, server)
    }

    func uploadOK(headers: [String: String]) throws -> RecordedCase {
        let recorded = try RecordedCase.load("upload-ok.json")
        return RecordedCase(name: "upload-ok-budget", method: recorded.method, path: recorded.path, status: 200,
                            headers: recorded.headers.merging(headers) { $1 }, body: recorded.body, expect: recorded.expect)
    }

    func image(_ name: String) -> String {
        RepositoryPaths.fixtures.appendingPathComponent("images/\(name)").path
    }

    @Test func rateLimitWithShortResetWaitsAndResumes() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let spent = RecordedCase(name: "upload-429-short-reset", method: "POST", path: "/3/image", status: 429,
                                 headers: ["X-RateLimit-UserRemaining": "0", "X-RateLimit-UserLimit": "500", "X-RateLimit-UserReset": "1"],
                                 body: #"{"data": {"error": "Too Many Requests"}, "success": false, "status": 429}"#, expect: [:])
        let scripts = [
            "GET /3/account/me": [try RecordedCase.load("account-me-ok.json")],
            "POST /3/image": [spent, try uploadOK(headers: [:])],
        ]

        let (result, types, server) = try await run(scripts, arguments: ["upload", "--raw", "--json", image("pngsuite_basn6a08.png")])
        defer { server.stop() }

        #expect(result.status == 0, "\(result.standardError)")
        #expect(server.requestCount("POST /3/image") == 2)
        #expect(types.contains("upload.paused"))
        #expect(types.contains("upload.resumed"))
    }

    @Test func budgetBelowReservePausesNextUpload() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let low = try uploadOK(headers: ["X-RateLimit-ClientLimit": "12500", "X-RateLimit-ClientRemaining": "100",
                                         "X-RateLimit-ClientReset": "1"])
        let scripts = [
            "GET /3/account/me": [try RecordedCase.load("account-me-ok.json")],
            "POST /3/image": [low, try uploadOK(headers: [:])],
        ]

        // One upload at a time, so that the second one meets the pause the first one causes.
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        for name in ["pngsuite_basn6a08.png", "pngsuite_basn2c16.png"] {
            try FileManager.default.copyItem(atPath: image(name), toPath: images.appendingPathComponent(name).path)
        }
        let definition = folder.appendingPathComponent("batch.yaml")
        try """
            name: batch
            stages:
              - type: ingest
                path: \(images.path)
              - type: authenticate
              - type: upload
                concurrency: 1
            """.write(to: definition, atomically: true, encoding: .utf8)

        let (result, types, server) = try await run(scripts, arguments: ["run", definition.path, "--json"])
        defer { server.stop() }

        #expect(result.status == 0, "\(result.standardError)")
        #expect(server.requestCount("POST /3/image") == 2)
        #expect(types.contains("upload.paused"))
        #expect(types.contains("upload.resumed"))
    }
}
