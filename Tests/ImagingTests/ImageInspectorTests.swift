import Foundation
@testable import Imaging
import Synchronization
import TestFixtures
import Testing

@Suite struct ImageInspectorTests {
    @Test func manifestIsFound() {
        #expect(ManifestEntry.all.count >= 20, "MANIFEST.tsv not found under \(Fixtures.root.path)")
    }

    @Test("header matches the manifest", arguments: ManifestEntry.readable)
    func headerMatchesManifest(entry: ManifestEntry) throws {
        let header = try ImageInspector.readHeader(at: entry.path)

        #expect(header.format == entry.expectedFormat)
        #expect(header.width == entry.width)
        #expect(header.height == entry.height)
        #expect(header.orientation == max(entry.orientation ?? 1, 1))
        #expect(header.byteSize == entry.byteSize)
    }

    @Test("unreadable file throws naming it", arguments: ManifestEntry.unreadable)
    func unreadableFileThrows(entry: ManifestEntry) {
        let error = #expect(throws: ImagingError.self) {
            try ImageInspector.readHeader(at: entry.path)
        }

        #expect(error?.path == entry.path)
        #expect(error?.description.contains(entry.path) == true)
        #expect(error?.kind == (entry.byteSize == 0 ? .emptyFile : .unsupportedFormat))
    }

    @Test func missingFileThrowsNotFound() {
        let path = "/nonexistent/imgpipe-imaging-tests/photo.jpg"

        let error = #expect(throws: ImagingError.self) {
            try ImageInspector.readHeader(at: path)
        }

        #expect(error?.kind == .fileNotFound)
        #expect(error?.description.contains(path) == true)
    }

    @Test func bombHeaderReadsWithoutDecoding() throws {
        let start = ContinuousClock.now

        let header = try ImageInspector.readHeader(at: Fixtures.image("gen_bomb_50000x50000_declared.png"))

        // Decoding this file takes about 30 s, so a bound far below that shows it was not
        // decoded while leaving room for a busy machine.
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(header.width == 50_000)
        #expect(header.height == 50_000)
        #expect(header.loader == "pngload")
        #expect(header.hasAlpha)
    }

    @Test func animatedGIFCountsFrames() throws {
        let header = try ImageInspector.readHeader(at: Fixtures.image("pillow_iss634.gif"))

        #expect(header.pages == 42)
        #expect(header.loader == "gifload")
    }

    @Test func orientationSixSwapsDisplayedSides() throws {
        let header = try ImageInspector.readHeader(at: Fixtures.image("exif_orient6_Landscape_6.jpg"))

        #expect(header.width == 1200)
        #expect(header.height == 1800)
        #expect(header.displayedWidth == 1800)
        #expect(header.displayedHeight == 1200)
    }

    @Test("interpretation and bands", arguments: [
        ("pillow_pil_sample_cmyk.jpg", "cmyk", 4, false),
        ("pngsuite_basn6a08.png", "srgb", 4, true),
        ("pngsuite_basn2c16.png", "rgb16", 3, false),
        ("exif_orient1_Landscape_1.jpg", "srgb", 3, false),
    ])
    func interpretationAndBands(fileName: String, interpretation: String, bands: Int, hasAlpha: Bool) throws {
        let header = try ImageInspector.readHeader(at: Fixtures.image(fileName))

        #expect(header.interpretation == interpretation)
        #expect(header.bands == bands)
        #expect(header.hasAlpha == hasAlpha)
    }

    @Test func loaderNames() throws {
        #expect(try ImageInspector.readHeader(at: Fixtures.image("exif_orient1_Landscape_1.jpg")).loader == "jpegload")
        #expect(try ImageInspector.readHeader(at: Fixtures.image("pillow_hopper.webp")).loader == "webpload")
        #expect(try ImageInspector.readHeader(at: Fixtures.image("pillow_hopper.heic")).loader == "heifload")
    }

    /// libvips 8.14 reads BMP only through ImageMagick, an untrusted loader that is blocked.
    @Test func bmpWithoutTrustedLoaderRejected() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inspector-\(UUID().uuidString).bmp").path
        try Self.smallBitmap.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let error = #expect(throws: ImagingError.self) {
            try ImageInspector.readHeader(at: path)
        }

        #expect(try FormatSniffer.sniff(fileAt: path) == .bmp)
        #expect(error?.kind == .unsupportedFormat)
        #expect(error?.description.contains("no trusted libvips loader") == true)
    }

    /// A 1x1 24-bit BMP: file header, BITMAPINFOHEADER, one padded pixel row.
    private static let smallBitmap: Data = {
        var bytes: [UInt8] = Array("BM".utf8) + le32(58) + le32(0) + le32(54)
        bytes += le32(40) + le32(1) + le32(1) + [1, 0, 24, 0] + le32(0) + le32(4) + le32(2835) + le32(2835)
        bytes += le32(0) + le32(0)
        bytes += [0, 0, 255, 0]
        return Data(bytes)
    }()

    private static func le32(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    @Test func concurrentReadsAgree() throws {
        let path = Fixtures.image("exif_orient6_Portrait_6.jpg")
        let headers = Mutex<[ImageHeader]>([])

        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let header = try? ImageInspector.readHeader(at: path) {
                headers.withLock { $0.append(header) }
            }
        }

        let results = headers.withLock { $0 }
        #expect(results.count == 8)
        #expect(Set(results.map(\.displayedWidth)) == [1200])
    }
}
