import Foundation
import Imaging
import Testing

/// HEIF and AVIF record a mirrored photograph, as front cameras take it, in the container's
/// `imir` box, which may follow an `irot` box. A viewer applies the boxes in the order they are
/// associated with the image. The samples are those of `HEIFRotationTests`: 120x80 coded pixels,
/// white with a red 30x20 block at the top left.
///
/// libheif 1.15, which libvips 8.14 decodes through, applies `imir` with the 2022 meaning of
/// its field (0 exchanges top and bottom, 1 exchanges left and right) and in association order,
/// so the stored image needs no step of imgpipe's own. These tests fail if that changes.
@Suite("HEIF mirroring end to end")
struct HEIFMirrorTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let fileName: String
        let transforms: [HEIFTransform]
        let displayedWidth: Int
        let displayedHeight: Int
        /// A pixel inside the red block once the image is shown transformed.
        let red: (x: Int, y: Int)

        /// The patched copy's name, unique among the samples.
        var patchedName: String {
            let steps = transforms.map { $0.description.replacingOccurrences(of: " ", with: "") }
            return steps.joined(separator: "-") + "-" + fileName
        }

        var testDescription: String { "\(fileName), \(transforms.map(\.description).joined(separator: " then "))" }
    }

    static let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Media")
    static let samples = [
        // Exchanging top and bottom moves the block to the bottom left.
        Sample(fileName: "red-corner-120x80.avif", transforms: [.mirror(.topBottom)],
               displayedWidth: 120, displayedHeight: 80, red: (10, 70)),
        // Exchanging left and right moves it to the top right.
        Sample(fileName: "red-corner-120x80.heic", transforms: [.mirror(.leftRight)],
               displayedWidth: 120, displayedHeight: 80, red: (110, 10)),
        // A quarter turn anticlockwise moves it to the bottom left, then the mirror to the bottom right.
        Sample(fileName: "red-corner-120x80.avif", transforms: [.rotation(quarterTurns: 1), .mirror(.leftRight)],
               displayedWidth: 80, displayedHeight: 120, red: (72, 110)),
        // The mirror first moves it to the top right, then the quarter turn to the top left.
        Sample(fileName: "red-corner-120x80.heic", transforms: [.mirror(.leftRight), .rotation(quarterTurns: 1)],
               displayedWidth: 80, displayedHeight: 120, red: (8, 10)),
    ]

    @Test("libvips decodes mirrored files as shown", arguments: samples)
    func decodedAsShown(_ sample: Sample) throws {
        let folder = try RepositoryPaths.temporaryFolder("heif-mirror")
        defer { try? FileManager.default.removeItem(at: folder) }
        let patched = try writePatched(sample, to: folder).path
        let header = try ImageInspector.readHeader(at: patched)

        #expect(header.width == sample.displayedWidth)
        #expect(header.height == sample.displayedHeight)
        #expect(header.orientation == 1, "imir must not be reported as an EXIF orientation as well")
        try checkRedCorner(of: sample, at: patched)
    }

    @Test("mirrored HEIF and AVIF upload as shown")
    func mirroredFilesUploadAsShown() async throws {
        let staging = try RepositoryPaths.temporaryFolder("heif-mirror")
        defer { try? FileManager.default.removeItem(at: staging) }
        for sample in Self.samples {
            _ = try writePatched(sample, to: staging)
        }
        let harness = try DemoHarness(images: staging)
        defer { harness.stop() }

        let run = try await harness.runDemoPipeline()
        for sample in Self.samples {
            let stored = try #require(run.stored(sample.patchedName), "\(sample.patchedName) was not uploaded")
            let header = try ImageInspector.readHeader(at: stored.fileURL.path)

            #expect(header.format == .jpeg, "\(sample.patchedName) uploaded as \(header.format)")
            #expect(header.width == sample.displayedWidth, "\(sample.patchedName) width")
            #expect(header.height == sample.displayedHeight, "\(sample.patchedName) height")
            try checkRedCorner(of: sample, at: stored.fileURL.path)
        }
    }

    /// Checks that the red block is where the viewer shows it and that the other three corners
    /// are white, so a mirror applied on the wrong axis or in the wrong order fails.
    private func checkRedCorner(of sample: Sample, at path: String) throws {
        let corners = [
            (5, 5), (sample.displayedWidth - 6, 5),
            (5, sample.displayedHeight - 6), (sample.displayedWidth - 6, sample.displayedHeight - 6),
        ]
        let red = try PixelSample.colour(at: path, x: sample.red.x, y: sample.red.y)
        #expect(red.isRed, "\(sample.patchedName): pixel \(sample.red) is \(red), not red")

        for corner in corners where !Self.isNear(corner, sample.red) {
            let colour = try PixelSample.colour(at: path, x: corner.0, y: corner.1)
            #expect(colour.isWhite, "\(sample.patchedName): corner \(corner) is \(colour), not white")
        }
    }

    /// True when the two pixels are in the same corner block of at most 30x30 pixels.
    private static func isNear(_ corner: (Int, Int), _ pixel: (x: Int, y: Int)) -> Bool {
        abs(corner.0 - pixel.x) < 30 && abs(corner.1 - pixel.y) < 30
    }

    private func writePatched(_ sample: Sample, to folder: URL) throws -> URL {
        let source = try Data(contentsOf: Self.media.appendingPathComponent(sample.fileName))
        let patched = folder.appendingPathComponent(sample.patchedName)
        try HEIFTransformPatch.adding(sample.transforms, to: source).write(to: patched)
        return patched
    }
}
