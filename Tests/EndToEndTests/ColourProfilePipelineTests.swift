import Foundation
import Imaging
import Testing

/// A Display P3 photograph must reach Imgur as sRGB pixels, because the resize stage strips the
/// profile by default. The sample is the 64x48 JPEG of the stages tests: sRGB red turned into
/// Display P3 by libvips 8.14 (`vips icc_transform IN OUT p3`), so its stored pixels are
/// (234, 51, 34) and convert back to (255, 0, 0).
@Suite("Colour profile end to end")
struct ColourProfilePipelineTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Media/display-p3-red.jpg")

    @Test("Display P3 JPEG uploads as sRGB")
    func displayP3UploadsAsSRGB() async throws {
        let staging = try RepositoryPaths.temporaryFolder("p3")
        defer { try? FileManager.default.removeItem(at: staging) }
        try FileManager.default.copyItem(at: Self.sample, to: staging.appendingPathComponent("p3.jpg"))
        let harness = try DemoHarness(images: staging)
        defer { harness.stop() }

        let run = try await harness.runDemoPipeline()
        let stored = try #require(run.stored("p3.jpg"), "the P3 JPEG was not uploaded")
        let header = try ImageInspector.readHeader(at: stored.fileURL.path)
        let colour = try PixelSample.colour(at: stored.fileURL.path, x: 10, y: 10)

        #expect(!header.hasICCProfile, "privacy: strip must not leave a profile")
        #expect(colour.isRed, "stored colour \(colour) is not the converted red")
        let resize = try #require(run.finished("p3.jpg", stage: "resize"))
        #expect(resize.payload["colour_space"]?.stringValue == "srgb")
        #expect(resize.payload["icc_profile"]?.stringValue == "sP3C")
        #expect(resize.payload["colour_converted"]?.boolValue == true)
        let metadata = try #require(run.finished("p3.jpg", stage: "metadata"))
        #expect(metadata.payload["colour_space"]?.stringValue == "srgb", "libvips' interpretation of the P3 JPEG")
        #expect(metadata.payload["icc_profile"]?.stringValue == "sP3C")
        #expect(metadata.payload["icc_profile_srgb"]?.boolValue == false)
    }
}
