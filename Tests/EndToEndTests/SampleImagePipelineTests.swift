import Foundation
import Imaging
import ImgurSandbox
import Testing

/// Every sample image, plus an APNG and an MP4 built in the test, goes through the built binary
/// and the sandbox. The test then reads the bytes the sandbox stored with `Imaging`.
@Suite("Sample images end to end")
struct SampleImagePipelineTests {
    static let apngName = "built_two_frames.png"
    static let videoName = "built_clip.mp4"

    @Test("each sample uploads right or fails")
    func sampleImages() async throws {
        let samplesFolder = RepositoryPaths.fixtures.appendingPathComponent("images")
        let samples = try SampleImage.load(from: samplesFolder)
        #expect(samples.count >= 20, "MANIFEST.tsv lists too few samples under \(samplesFolder.path)")

        let staging = try stageInputs(samples, from: samplesFolder)
        defer { try? FileManager.default.removeItem(at: staging) }
        let harness = try DemoHarness(images: staging)
        defer { harness.stop() }

        let definition = harness.folder.appendingPathComponent("samples.yaml")
        try pipeline(images: harness.images.path).write(to: definition, atomically: true, encoding: .utf8)
        let result = try await BuiltBinary.run(
            ["run", definition.path, "--json", "--state-dir", harness.stateDirectory.path],
            environment: harness.environment()
        )
        #expect(result.status == 1, "some samples must fail; stderr: \(result.standardError)")

        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        let rejected = samples.filter(\.isRejected)
        #expect(summary.failed == rejected.count)
        #expect(summary.done == samples.count - rejected.count + 2)

        let run = try await RunRecord(events: harness.events(of: summary.runID), sandbox: harness.sandbox)
        for sample in samples {
            if sample.isRejected {
                checkRejected(sample, in: run)
            } else {
                try checkUploaded(sample, in: run)
            }
        }
        try checkAnimatedPNG(in: run, source: staging.appendingPathComponent(Self.apngName))
        try checkVideo(in: run)
        try checkPrivacyEvents(in: run)
    }

    private func checkRejected(_ sample: SampleImage, in run: RunRecord) {
        #expect(run.stored(sample.fileName) == nil, "\(sample.fileName) must not reach Imgur")
        let failure = run.failure(of: sample.fileName)
        #expect(failure != nil, "\(sample.fileName) has no item.failed event")
        if sample.fileName == "gen_bomb_50000x50000_declared.png" {
            #expect(failure?.stage == "metadata", "the bomb must be rejected from its header")
            #expect(failure?.payload["error"]?.stringValue?.contains("max_input_pixels") == true)
        }
    }

    private func checkUploaded(_ sample: SampleImage, in run: RunRecord) throws {
        let stored = try #require(run.stored(sample.fileName), "\(sample.fileName) was not uploaded")
        let header = try ImageInspector.readHeader(at: stored.fileURL.path)
        let expectedSize = try #require(sample.displayedSize)

        #expect(header.format == sample.uploadedFormat, "\(sample.fileName) uploaded as \(header.format)")
        #expect(header.width == expectedSize.width, "\(sample.fileName) width")
        #expect(header.height == expectedSize.height, "\(sample.fileName) height")
        #expect(header.orientation == 1, "\(sample.fileName) still carries an orientation")
        #expect(!header.hasGPS, "\(sample.fileName) still carries GPS")
        #expect(!header.hasPrivateMetadata, "\(sample.fileName) still carries EXIF, XMP or IPTC")
        #expect(header.pages == sample.frames, "\(sample.fileName) frames")
        #expect(["srgb", "b-w", "rgb16"].contains(header.interpretation), "\(sample.fileName) is \(header.interpretation)")
        #expect(stored.type == "image/\(header.format == .jpeg ? "jpeg" : header.format.rawValue)")
    }

    private func checkAnimatedPNG(in run: RunRecord, source: URL) throws {
        let stored = try #require(run.stored(Self.apngName), "the APNG was not uploaded")
        let bytes = try Data(contentsOf: stored.fileURL)

        #expect(stored.animated, "the sandbox sees no animation in the stored APNG")
        #expect(try PNGChunks.animationFrameCount(at: stored.fileURL.path) == 2)
        #expect(bytes.range(of: Data("tEXt".utf8)) == nil, "the text chunk reached Imgur")
        #expect(bytes.range(of: Data("fdAT".utf8)) != nil, "the second frame was lost")
        #expect(bytes.count < (try Data(contentsOf: source)).count)
    }

    private func checkVideo(in run: RunRecord) throws {
        let stored = try #require(run.stored(Self.videoName), "the MP4 was not uploaded")
        #expect(stored.type == "video/mp4")
        #expect(try Data(contentsOf: stored.fileURL) == SampleMedia.mp4())

        let metadata = try #require(run.finished(Self.videoName, stage: "metadata"))
        #expect(metadata.payload["container"]?.stringValue == "mp4")
    }

    private func checkPrivacyEvents(in run: RunRecord) throws {
        let metadata = try #require(run.finished("gen_gps_Landscape_1.jpg", stage: "metadata"))
        #expect(metadata.payload["gps_found"]?.boolValue == true)
        let resize = try #require(run.finished("gen_gps_Landscape_1.jpg", stage: "resize"))
        #expect(resize.payload["gps_stripped"]?.boolValue == true)

        let rotated = try #require(run.finished("exif_orient6_Landscape_6.jpg", stage: "resize"))
        #expect(rotated.payload["orientation_applied"]?.numberValue == 6)
        #expect(rotated.payload["width"]?.numberValue == 1800)
        let cmyk = try #require(run.finished("pillow_pil_sample_cmyk.jpg", stage: "metadata"))
        #expect(cmyk.payload["colour_space"]?.stringValue == "cmyk")
        let gif = try #require(run.finished("pillow_iss634.gif", stage: "resize"))
        #expect(gif.payload["frames"]?.numberValue == 42)
    }

    /// Copies the samples into a writable folder and adds the built APNG and MP4.
    private func stageInputs(_ samples: [SampleImage], from folder: URL) throws -> URL {
        let staging = try RepositoryPaths.temporaryFolder("samples")
        for sample in samples {
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent(sample.fileName), to: staging.appendingPathComponent(sample.fileName)
            )
        }
        let still = try Data(contentsOf: folder.appendingPathComponent("pngsuite_basn6a08.png"))
        try SampleMedia.animatedPNG(from: still).write(to: staging.appendingPathComponent(Self.apngName))
        try SampleMedia.mp4().write(to: staging.appendingPathComponent(Self.videoName))
        return staging
    }

    private func pipeline(images: String) -> String {
        """
        name: samples
        stages:
          - type: ingest
            path: \(images)
            include: ["*"]
            stable_for: 0s
          - type: metadata
          - type: resize
          - type: authenticate
            account: default
          - type: upload
        """
    }
}

/// The events of one run, indexed by the sample file each item came from, and the sandbox's uploads.
struct RunRecord {
    let events: [EventDocument]
    let uploads: [SandboxImage]
    private let itemByFile: [String: String]

    init(events: [EventDocument], sandbox: ImgurSandbox) {
        self.events = events
        uploads = sandbox.storedImages()
        var itemByFile: [String: String] = [:]
        for event in events where event.type == "item.discovered" {
            if let item = event.itemID, let path = event.payload["path"]?.stringValue {
                itemByFile[URL(fileURLWithPath: path).lastPathComponent] = item
            }
        }
        self.itemByFile = itemByFile
    }

    func finished(_ fileName: String, stage: String) -> EventDocument? {
        guard let item = itemByFile[fileName] else { return nil }
        return events.first { $0.itemID == item && $0.type == "stage.finished" && $0.stage == stage }
    }

    func failure(of fileName: String) -> EventDocument? {
        guard let item = itemByFile[fileName] else { return nil }
        return events.first { $0.itemID == item && $0.type == "item.failed" }
    }

    func stored(_ fileName: String) -> SandboxImage? {
        guard let id = finished(fileName, stage: "upload")?.payload["id"]?.stringValue else { return nil }
        return uploads.first { $0.id == id }
    }
}
