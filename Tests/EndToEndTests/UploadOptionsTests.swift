import Foundation
import Testing

/// Title and description templates and a per-run album, checked on what the sandbox stored.
@Suite("Upload stage options end to end")
struct UploadOptionsTests {
    @Test("templates fill in and one album per run")
    func templatesAndAlbum() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }
        let definition = harness.folder.appendingPathComponent("options.yaml")
        try """
        name: upload-options
        stages:
          - type: ingest
            path: ${IMGPIPE_DEMO_IMAGES}
          - type: metadata
          - type: resize
            max_width: 300
          - type: authenticate
          - type: upload
            title: "{index} {stem} {width}x{height}"
            description: "{filename} run {run_id} sha {sha256}"
            album:
              create: Holiday
        """.write(to: definition, atomically: true, encoding: .utf8)

        let result = try await BuiltBinary.run(
            ["run", definition.path, "--json", "--state-dir", harness.stateDirectory.path],
            environment: harness.environment()
        )

        #expect(result.status == 0, "stderr: \(result.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        let stored = harness.sandbox.storedImages()
        #expect(stored.count == (try harness.photoCount()))

        let albums = Set(stored.map(\.albumID))
        #expect(albums.count == 1, "every image of the run goes to one album: \(albums)")
        #expect(albums.first??.isEmpty == false)

        let events = try await harness.events(of: summary.runID)
        for image in stored {
            let upload = try #require(events.first { $0.type == "stage.finished" && $0.stage == "upload" && $0.payload["id"]?.stringValue == image.id })
            let item = try #require(upload.itemID)
            let path = try #require(events.first { $0.itemID == item && $0.type == "item.discovered" }?.payload["path"]?.stringValue)
            let filename = (path as NSString).lastPathComponent
            let stem = (filename as NSString).deletingPathExtension

            #expect(image.title == "\(Int(item)!) \(stem) \(image.width)x\(image.height)")
            #expect(image.description == "\(filename) run \(summary.runID) sha \(image.name ?? "")")
            #expect(image.width <= 300)
        }
    }
}

/// The global `--account` flag picks the profile of a definition that names none.
@Suite("Account profile end to end")
struct AccountProfileTests {
    @Test("account flag reaches unnamed authenticate")
    func accountFlagUsed() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }
        let definition = harness.folder.appendingPathComponent("profile.yaml")
        try """
        name: profile-choice
        stages:
          - type: ingest
            path: ${IMGPIPE_DEMO_IMAGES}
          - type: metadata
          - type: authenticate
          - type: upload
        """.write(to: definition, atomically: true, encoding: .utf8)

        let result = try await BuiltBinary.run(
            ["run", definition.path, "--json", "--account", "work", "--state-dir", harness.stateDirectory.path],
            environment: harness.environment()
        )

        #expect(result.status == 0, "stderr: \(result.standardError)")
        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        let events = try await harness.events(of: summary.runID)
        let resolved = try #require(events.first { $0.type == "account.resolved" })
        #expect(resolved.payload["account"]?.stringValue == "work")
        let uploads = events.filter { $0.type == "stage.finished" && $0.stage == "upload" }
        #expect(!uploads.isEmpty)
        #expect(uploads.allSatisfy { $0.payload["account"]?.stringValue == "work" })
    }
}
