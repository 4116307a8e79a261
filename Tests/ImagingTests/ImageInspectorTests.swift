import Foundation
@testable import Imaging
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

        #expect(ContinuousClock.now - start < .milliseconds(500))
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
}
