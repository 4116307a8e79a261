import Foundation
import Imaging
import Pipeline
@testable import Stages
import Testing

@Suite final class ImagePreparationTests {
    let work: String

    init() throws {
        work = try SampleFiles.temporaryFolder()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: work)
    }

    /// Prepares off the cooperative pool, so that decoding does not stall other suites' servers.
    private func prepare(_ source: String, _ settings: PreparationSettings = PreparationSettings()) async throws -> PreparationResult {
        let work = self.work
        return try await BlockingWork.run {
            try ImagePreparation.prepare(source: source, sha256: "source-sha", workDirectory: work, name: "000001", settings: settings)
        }
    }

    @Test func gpsStrippedWithoutResizing() async throws {
        let result = try await prepare(SampleFiles.image("gen_gps_Landscape_1.jpg"))
        let written = try ImageInspector.readHeader(at: result.file.path)

        #expect(result.file.rewritten)
        #expect(result.file.path.hasPrefix(work))
        #expect(!written.hasGPS)
        #expect(!written.hasPrivateMetadata)
        #expect(written.width == 1800)
        #expect(result.report.gpsFound)
        #expect(result.report.gpsStripped)
        #expect(result.report.metadataStripped)
    }

    @Test func privacyKeepPassesBytesOn() async throws {
        let source = SampleFiles.image("gen_gps_Landscape_1.jpg")
        let result = try await prepare(source, PreparationSettings(stripMetadata: false))

        #expect(!result.file.rewritten)
        #expect(result.file.path == source)
        #expect(result.file.sha256 == "source-sha")
        #expect(result.report.gpsFound)
        #expect(!result.report.gpsStripped)
    }

    @Test func privacyKeepKeepsExifWhenRotating() async throws {
        let result = try await prepare(SampleFiles.image("exif_orient6_Landscape_6.jpg"), PreparationSettings(stripMetadata: false))
        let written = try ImageInspector.readHeader(at: result.file.path)

        #expect(result.file.rewritten)
        #expect(written.hasPrivateMetadata)
        #expect(written.orientation == 1)
        #expect(written.width == 1800)
        #expect(result.report.orientationApplied == 6)
    }

    @Test func oversizedImageShrunkToFit() async throws {
        let limit: Int64 = 60_000
        let result = try await prepare(SampleFiles.image("exif_orient1_Landscape_1.jpg"), PreparationSettings(maxImageBytes: limit))
        let written = try ImageInspector.readHeader(at: result.file.path)

        #expect(written.byteSize <= limit)
        #expect(result.file.byteSize == written.byteSize)
        #expect(result.report.shrunkToFit)
        #expect(written.width < 1800)
        #expect(written.width * 2 == written.height * 3 || abs(written.width * 2 - written.height * 3) <= 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).count == 1)
    }

    @Test func oversizedImageRejectedWithoutFit() async throws {
        let settings = PreparationSettings(fitSize: false, maxImageBytes: 60_000)

        let error = await #expect(throws: ImagingError.self) {
            try await self.prepare(SampleFiles.image("exif_orient1_Landscape_1.jpg"), settings)
        }

        #expect(error?.description.contains("fit_size") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }

    @Test func truncatedJPEGRejectedWhenPassedOn() async throws {
        let source = SampleFiles.image("pillow_truncated_jpeg.jpg")
        let job = PreparationJob(
            source: source, sha256: "source-sha", header: try ImageInspector.readHeader(at: source),
            destination: work + "/000001", settings: PreparationSettings()
        )
        #expect(!job.needsRewrite, "the sample must be one that would be passed on without re-encoding")

        let error = await #expect(throws: ImagingError.self) {
            try await self.prepare(source)
        }

        #expect(error?.kind == .loadFailed)
        #expect(error?.description.contains("truncated or corrupt") == true)
    }

    @Test func truncatedAnimatedGIFRejectedWhenPassedOn() async throws {
        // The first 150000 bytes of the 42-frame sample hold 18 complete frames.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: SampleFiles.image("pillow_iss634.gif")))
        let source = work + "/cut.gif"
        try bytes.prefix(150_000).write(to: URL(fileURLWithPath: source))
        let job = PreparationJob(
            source: source, sha256: "source-sha", header: try ImageInspector.readHeader(at: source),
            destination: work + "/000001", settings: PreparationSettings()
        )
        #expect(!job.needsRewrite, "the cut GIF must be one that would be passed on without re-encoding")

        let error = await #expect(throws: ImagingError.self) {
            try await self.prepare(source)
        }

        #expect(error?.kind == .loadFailed)
        #expect(error?.description.contains("truncated or corrupt") == true)
    }

    @Test func misnamedPNGLinkedUnderItsFormat() async throws {
        let misnamed = work + "/picture.jpg"
        try FileManager.default.copyItem(atPath: SampleFiles.image("pngsuite_basn3p08.png"), toPath: misnamed)

        let result = try await prepare(misnamed)

        #expect(!result.file.rewritten)
        #expect(result.file.path == work + "/000001.png")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: result.file.path) == misnamed)
    }

    @Test func videoPassedThrough() async throws {
        let video = work + "/clip.bin"
        let bytes = Data([0, 0, 0, 0x18] + Array("ftypqt  ".utf8) + [0, 0, 2, 0] + Array("qt  ".utf8) + [UInt8](repeating: 0, count: 40))
        try bytes.write(to: URL(fileURLWithPath: video))

        let result = try await prepare(video)

        #expect(result.file.videoContainer == "quicktime")
        #expect(result.file.path == work + "/000001.mov")
        #expect(!result.file.rewritten)
        #expect(result.payload["container"] == .string("quicktime"))
    }

    @Test func videoOverLimitRejected() async throws {
        let video = work + "/clip.mp4"
        let bytes = Data([0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isom".utf8) + [UInt8](repeating: 0, count: 200))
        try bytes.write(to: URL(fileURLWithPath: video))

        let error = await #expect(throws: ImagingError.self) {
            try await self.prepare(video, PreparationSettings(maxVideoBytes: 100))
        }

        #expect(error?.description.contains("video limit") == true)
    }

    @Test func animatedGIFKeepsFramesAsIs() async throws {
        let source = SampleFiles.image("pillow_iss634.gif")
        let result = try await prepare(source)

        #expect(!result.file.rewritten)
        #expect(result.file.path == source)
        #expect(result.report.frames == 42)
    }
}
