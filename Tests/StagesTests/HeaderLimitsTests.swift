import Foundation
import Imaging
import Pipeline
@testable import Stages
import Testing

@Suite struct HeaderLimitsTests {
    private let defaults = HeaderLimits(maxPixels: 100_000_000, maxBytes: nil, maxTotalPixels: nil)

    @Test func bombRejectedFromHeader() throws {
        let path = SampleFiles.image("gen_bomb_50000x50000_declared.png")
        let start = ContinuousClock.now

        let header = try ImageInspector.readHeader(at: path)
        let error = #expect(throws: StageError.self) {
            try defaults.check(header, path: path)
        }

        // Decoding this file takes about 30 s; a bound far below that shows nothing was
        // decoded, with room for a loaded machine. The milliseconds figure is a benchmark's.
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(error?.message.contains("50000x50000") == true)
        #expect(error?.message.contains("max_input_pixels") == true)
    }

    @Test func totalPixelsCountFrames() throws {
        let path = SampleFiles.image("pillow_iss634.gif")
        let header = try ImageInspector.readHeader(at: path)
        let limits = HeaderLimits(maxPixels: 100_000_000, maxBytes: nil, maxTotalPixels: 245 * 245 * 41)

        let error = #expect(throws: StageError.self) {
            try limits.check(header, path: path)
        }

        #expect(error?.message.contains("42 frames") == true)
        #expect(throws: Never.self) {
            try HeaderLimits(maxPixels: 100_000_000, maxBytes: nil, maxTotalPixels: 245 * 245 * 42).check(header, path: path)
        }
    }

    @Test func inputSizeChecked() throws {
        let path = SampleFiles.image("exif_orient1_Landscape_1.jpg")
        let header = try ImageInspector.readHeader(at: path)

        let error = #expect(throws: StageError.self) {
            try HeaderLimits(maxPixels: 100_000_000, maxBytes: 1000, maxTotalPixels: nil).check(header, path: path)
        }

        #expect(error?.message.contains("max_input_size") == true)
    }

    @Test("zero or negative size rejected", arguments: [(0, 10), (10, 0), (-1, 10)])
    func invalidSizeRejected(width: Int, height: Int) {
        let header = ImageHeader(
            format: .png, loader: "pngload", width: width, height: height, orientation: 1, pages: 1, bands: 3,
            hasAlpha: false, interpretation: "srgb", byteSize: 100
        )

        let error = #expect(throws: StageError.self) {
            try defaults.check(header, path: "bad.png")
        }

        #expect(error?.message.contains("invalid size") == true)
    }

    @Test func videoOverLimitRejected() {
        let error = #expect(throws: StageError.self) {
            try defaults.checkVideo(byteSize: 200_000_001, path: "clip.mp4")
        }

        #expect(error?.message.contains("200000000") == true)
    }
}
