import Foundation
import Imaging
import Testing

/// HEIF and AVIF record a turned photograph in the container's `irot` box, not in EXIF. The
/// samples hold 120x80 coded pixels, white with a red 30x20 block at the top left, written with
/// libvips 8.14 (`vips heifsave IN OUT --compression av1 --strip`, and `hevc` for the HEIC).
/// Each test adds the box with `HEIFTransformPatch`.
@Suite("HEIF rotation end to end")
struct HEIFRotationTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let fileName: String
        /// Quarter turns anticlockwise, as `irot` counts them.
        let quarterTurns: UInt8
        /// A pixel inside the red block once the image is shown turned.
        let red: (x: Int, y: Int)
        /// A pixel a viewer that ignored `irot` would show red: the coded top left.
        let white: (x: Int, y: Int)

        var testDescription: String { "\(fileName), irot \(quarterTurns)" }
    }

    static let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Media")
    static let samples = [
        // A quarter turn anticlockwise moves the top-left block to the bottom left.
        Sample(fileName: "red-corner-120x80.avif", quarterTurns: 1, red: (8, 110), white: (5, 5)),
        // Three quarter turns anticlockwise move it to the top right.
        Sample(fileName: "red-corner-120x80.heic", quarterTurns: 3, red: (72, 10), white: (5, 5)),
    ]

    @Test("libvips reports the rotated size", arguments: samples)
    func headerReportsRotatedSize(_ sample: Sample) throws {
        let folder = try RepositoryPaths.temporaryFolder("heif-header")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Self.media.appendingPathComponent(sample.fileName)
        let patched = try writeRotated(sample, to: folder)

        let unturned = try ImageInspector.readHeader(at: source.path)
        let turned = try ImageInspector.readHeader(at: patched.path)

        #expect(unturned.width == 120)
        #expect(unturned.height == 80)
        #expect(turned.width == 80)
        #expect(turned.height == 120)
        #expect(turned.orientation == 1, "irot must not be reported as an EXIF orientation as well")
        #expect(try PixelSample.colour(at: patched.path, x: sample.red.x, y: sample.red.y).isRed)
        #expect(try PixelSample.colour(at: patched.path, x: sample.white.x, y: sample.white.y).isWhite)
    }

    @Test("rotated HEIF and AVIF upload upright")
    func rotatedFilesUploadUpright() async throws {
        let staging = try RepositoryPaths.temporaryFolder("heif-rotation")
        defer { try? FileManager.default.removeItem(at: staging) }
        for sample in Self.samples {
            _ = try writeRotated(sample, to: staging)
        }
        let harness = try DemoHarness(images: staging)
        defer { harness.stop() }

        let run = try await harness.runDemoPipeline()
        for sample in Self.samples {
            try checkUploadedUpright(sample, in: run)
        }
    }

    private func checkUploadedUpright(_ sample: Sample, in run: RunRecord) throws {
        let stored = try #require(run.stored(sample.fileName), "\(sample.fileName) was not uploaded")
        let path = stored.fileURL.path
        let header = try ImageInspector.readHeader(at: path)

        #expect(header.format == .jpeg, "\(sample.fileName) uploaded as \(header.format)")
        #expect(header.width == 80, "\(sample.fileName) width")
        #expect(header.height == 120, "\(sample.fileName) height")
        #expect(try PixelSample.colour(at: path, x: sample.red.x, y: sample.red.y).isRed, "\(sample.fileName) red block")
        #expect(try PixelSample.colour(at: path, x: sample.white.x, y: sample.white.y).isWhite, "\(sample.fileName) coded top left")

        let metadata = try #require(run.finished(sample.fileName, stage: "metadata"))
        #expect(metadata.payload["displayed_width"]?.numberValue == 80, "\(sample.fileName) metadata event")
        #expect(metadata.payload["displayed_height"]?.numberValue == 120, "\(sample.fileName) metadata event")
        let resize = try #require(run.finished(sample.fileName, stage: "resize"))
        #expect(resize.payload["width"]?.numberValue == 80, "\(sample.fileName) resize event")
        #expect(resize.payload["height"]?.numberValue == 120, "\(sample.fileName) resize event")
    }

    private func writeRotated(_ sample: Sample, to folder: URL) throws -> URL {
        let source = try Data(contentsOf: Self.media.appendingPathComponent(sample.fileName))
        let patched = folder.appendingPathComponent(sample.fileName)
        try HEIFTransformPatch.adding([.rotation(quarterTurns: sample.quarterTurns)], to: source).write(to: patched)
        return patched
    }
}

extension [UInt8] {
    /// True for a red that survived lossy coding: AV1, HEVC and JPEG move each band by a few steps.
    var isRed: Bool {
        count >= 3 && self[0] >= 230 && self[1] <= 30 && self[2] <= 30
    }

    var isWhite: Bool {
        count >= 3 && self[0...2].allSatisfy { $0 >= 230 }
    }
}
