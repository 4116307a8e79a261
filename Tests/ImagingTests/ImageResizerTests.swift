import CVips
import CVipsShim
import Foundation
@testable import Imaging
import TestFixtures
import Testing

@Suite final class ImageResizerTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Resizes on a dedicated thread, as callers in async code must.
    private func resize(source: String, destination: String, request: ResizeRequest) async throws -> ResizeResult {
        try await Imaging.runBlocking {
            try ImageResizer.resize(source: source, destination: destination, request: request)
        }
    }

    private func destination(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    @Test("rotated JPEG comes out upright", arguments: [
        ("exif_orient6_Landscape_6.jpg", 600, 400),
        ("exif_orient6_Portrait_6.jpg", 600, 900),
        ("exif_orient8_Landscape_8.jpg", 600, 400),
        ("exif_orient3_Landscape_3.jpg", 600, 400),
    ])
    func uprightOutput(fileName: String, width: Int, height: Int) async throws {
        let source = Fixtures.image(fileName)

        let result = try await resize(
            source: source, destination: destination("out.jpg"), request: ResizeRequest(maxWidth: 600)
        )

        #expect(result.header.width == width)
        #expect(result.header.height == height)
        #expect(result.header.orientation == 1)
        #expect(try orientationTag(of: result.path) == nil)
        #expect(result.resized)
        #expect(result.header.format == .jpeg)
    }

    @Test func sourceIsUntouched() async throws {
        let source = Fixtures.image("exif_orient6_Landscape_6.jpg")
        let before = try Data(contentsOf: URL(fileURLWithPath: source))

        _ = try await resize(source: source, destination: destination("copy.jpg"), request: ResizeRequest(maxWidth: 100))

        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
    }

    @Test("truncated JPEG fails", arguments: ["gen_truncated_half_Landscape_1.jpg", "pillow_truncated_jpeg.jpg"])
    func truncatedJPEGFails(fileName: String) async throws {
        let output = destination("truncated.jpg")

        let error = await #expect(throws: ImagingError.self) {
            try await resize(source: Fixtures.image(fileName), destination: output, request: ResizeRequest(maxWidth: 50))
        }

        #expect(error?.kind == .loadFailed)
        #expect(error?.description.contains(fileName) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func bombRejectedBeforeDecoding() async {
        let error = await #expect(throws: ImagingError.self) {
            try await resize(
                source: Fixtures.image("gen_bomb_50000x50000_declared.png"), destination: destination("bomb.png"),
                request: ResizeRequest(maxWidth: 100)
            )
        }

        // The pixel-count kind is only raised from the header check, before any decoding;
        // how fast that is belongs to the benchmarks, not to a timed test.
        #expect(error?.kind == .tooManyPixels)
    }

    @Test func animatedGIFKeepsFrames() async throws {
        let result = try await resize(
            source: Fixtures.image("pillow_iss634.gif"), destination: destination("anim.gif"),
            request: ResizeRequest(maxWidth: 100)
        )

        #expect(result.header.format == .gif)
        #expect(result.header.pages == 42)
        #expect(result.header.width == 100)
        #expect(result.header.height == 100)
    }

    @Test func cmykBecomesSRGB() async throws {
        let result = try await resize(
            source: Fixtures.image("pillow_pil_sample_cmyk.jpg"), destination: destination("cmyk.jpg"),
            request: ResizeRequest()
        )

        #expect(result.header.interpretation == "srgb")
        #expect(result.header.bands == 3)
        #expect(!result.resized)
    }

    @Test("keep picks the output format", arguments: [
        ("pillow_hopper.webp", ImageFormat.jpeg, "jpg"),
        ("pillow_hopper.heic", .jpeg, "jpg"),
        ("pngsuite_basn6a08.png", .png, "png"),
        ("exif_orient1_Landscape_1.jpg", .jpeg, "jpg"),
    ])
    func keepFormat(fileName: String, format: ImageFormat, fileExtension: String) async throws {
        let result = try await resize(
            source: Fixtures.image(fileName), destination: destination("kept.out"), request: ResizeRequest(maxWidth: 64)
        )

        #expect(result.header.format == format)
        #expect(result.path.hasSuffix("kept." + fileExtension))
        #expect(FileManager.default.fileExists(atPath: result.path))
    }

    @Test func alphaFlattenedForJPEG() async throws {
        let result = try await resize(
            source: Fixtures.image("pngsuite_basn6a08.png"), destination: destination("flat.png"),
            request: ResizeRequest(format: .jpeg)
        )

        #expect(result.path.hasSuffix("flat.jpg"))
        #expect(result.header.format == .jpeg)
        #expect(!result.header.hasAlpha)
        #expect(result.header.bands == 3)
    }

    @Test func maxPixelsBoundsArea() async throws {
        let result = try await resize(
            source: Fixtures.image("exif_orient1_Landscape_1.jpg"), destination: destination("area.jpg"),
            request: ResizeRequest(maxPixels: 240_000)
        )

        #expect(result.header.width * result.header.height <= 240_000)
        #expect(result.header.width >= 590)
        #expect(result.resized)
    }

    @Test func sourceAsDestinationRejected() async throws {
        let source = destination("self.jpg")
        try FileManager.default.copyItem(atPath: Fixtures.image("exif_orient1_Landscape_1.jpg"), toPath: source)

        let error = await #expect(throws: ImagingError.self) {
            try await resize(source: source, destination: source, request: ResizeRequest(maxWidth: 10))
        }

        #expect(error?.kind == .invalidRequest)
    }

    @Test func invalidQualityRejected() async {
        let error = await #expect(throws: ImagingError.self) {
            try await resize(
                source: Fixtures.image("exif_orient1_Landscape_1.jpg"), destination: destination("q.jpg"),
                request: ResizeRequest(quality: 0)
            )
        }

        #expect(error?.kind == .invalidRequest)
    }

    @Test func gpsMetadataStripped() async throws {
        let result = try await resize(
            source: Fixtures.image("gen_gps_Landscape_1.jpg"), destination: destination("gps.jpg"), request: ResizeRequest()
        )

        #expect(try !hasField("exif-data", in: result.path))
        #expect(!result.resized)
    }

    @Test func sixteenBitScaledNotClipped() async throws {
        let source = Fixtures.image("pngsuite_basn2c16.png")
        let output = destination("deep.png")

        let (result, sourceMean, outputMean) = try await Imaging.runBlocking {
            let result = try ImageResizer.resize(source: source, destination: output, request: ResizeRequest(maxWidth: 16))
            return (result, try Self.mean(of: source), try Self.mean(of: result.path))
        }

        #expect(result.header.interpretation == "srgb")
        // Scaling divides each 16-bit value by 257, while clipping would turn most of them into 255.
        #expect(abs(outputMean - sourceMean / 257) < 8, "the 8-bit mean should be the 16-bit mean / 257")
    }

    @Test func privacyKeepKeepsExif() async throws {
        let source = Fixtures.image("gen_gps_Landscape_1.jpg")
        let output = destination("kept.jpg")

        let result = try await Imaging.runBlocking {
            try ImageResizer.resize(source: source, destination: output, request: ResizeRequest(maxWidth: 600, stripMetadata: false))
        }

        #expect(result.header.hasGPS)
        #expect(result.header.hasPrivateMetadata)
    }

    @Test func animatedWebPBecomesGIF() {
        let header = ImageHeader(
            format: .webp, loader: "webpload", width: 10, height: 10, orientation: 1, pages: 3, bands: 4,
            hasAlpha: true, interpretation: "srgb", byteSize: 100
        )

        #expect(ImageResizer.outputFormat(for: header, request: ResizeRequest()) == (Imaging.canWriteGIF ? .gif : .png))
    }

    @Test func unacceptedLoaderBlocked() throws {
        let path = destination("pixel.ppm")
        try Data("P3 1 1 255 0 0 0\n".utf8).write(to: URL(fileURLWithPath: path))
        try Imaging.initialize()

        let image = imgpipe_vips_image_new_from_file(path)
        // The file is a valid PPM, so only the block can make the load fail. libvips' error
        // text is not checked: its buffer is process-global, and a test running at the same
        // time may take it first.
        let message = takeVipsErrorText()

        #expect(image == nil, "the PPM loader should be blocked; libvips said: \(message)")
        if let image { g_object_unref(image) }
    }

    /// Averages every pixel of the file; blocking.
    private static func mean(of path: String) throws -> Double {
        try Imaging.initialize()
        let image = VipsImageReference(try #require(imgpipe_vips_image_new_from_file(path)))
        var average = 0.0
        // The reference must outlive the call, or its deinit releases the image mid-way.
        let status = withExtendedLifetime(image) { imgpipe_vips_avg(image.pointer, &average) }
        #expect(status == 0)
        return average
    }

    /// Returns the "orientation" field libvips reads from the file, or nil when there is none.
    private func orientationTag(of path: String) throws -> Int? {
        try open(path).orientation
    }

    private func hasField(_ name: String, in path: String) throws -> Bool {
        let image = try open(path)
        return withExtendedLifetime(image) { vips_image_get_typeof(image.pointer, name) != 0 }
    }

    private func open(_ path: String) throws -> VipsImageReference {
        try Imaging.initialize()
        return VipsImageReference(try #require(imgpipe_vips_image_new_from_file(path)))
    }
}
