import Foundation
@testable import Imaging
import TestFixtures
import Testing

@Suite final class StrictDecoderTests {
    /// The 42-frame sample GIF. Its first 150000 bytes hold 18 complete frames, which libvips
    /// 8.14 decodes without an error.
    static let animatedGIF = "pillow_iss634.gif"

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strict-decoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes the first `count` bytes of a sample image to the scratch folder.
    private func prefix(of fileName: String, count: Int) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.image(fileName)))
        let path = directory.appendingPathComponent("cut-\(fileName)").path
        try bytes.prefix(count).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func check(_ path: String) async throws {
        try await Imaging.runBlocking {
            try StrictDecoder.check(path, header: try ImageInspector.readHeader(at: path))
        }
    }

    @Test func intactAnimatedGIFPasses() async throws {
        let path = Fixtures.image(Self.animatedGIF)

        try await check(path)

        #expect(try ImageInspector.readHeader(at: path).pages == 42)
    }

    @Test func truncatedAnimatedGIFFails() async throws {
        let path = try prefix(of: Self.animatedGIF, count: 150_000)
        #expect(try ImageInspector.readHeader(at: path).pages == 18, "libvips must still open the cut file")

        let error = await #expect(throws: ImagingError.self) {
            try await self.check(path)
        }

        #expect(error?.kind == .loadFailed)
        #expect(error?.description.contains("truncated or corrupt") == true)
        #expect(error?.description.contains("before the GIF trailer") == true)
    }

    @Test func truncatedAnimatedGIFResizeFails() async throws {
        let path = try prefix(of: Self.animatedGIF, count: 150_000)
        let output = directory.appendingPathComponent("resized.gif").path

        let error = await #expect(throws: ImagingError.self) {
            try await Imaging.runBlocking {
                try ImageResizer.resize(source: path, destination: output, request: ResizeRequest(maxWidth: 100))
            }
        }

        #expect(error?.kind == .loadFailed)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func gifWithStrayByteFails() async throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.image(Self.animatedGIF)))
        bytes[bytes.count - 1] = 0x00
        let path = directory.appendingPathComponent("stray.gif").path
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = await #expect(throws: ImagingError.self) {
            try await self.check(path)
        }

        #expect(error?.description.contains("starts no GIF block") == true)
    }

    @Test func pngWithoutEndChunkFails() async throws {
        let fileName = "pngsuite_basn3p08.png"
        let size = try FileManager.default.attributesOfItem(atPath: Fixtures.image(fileName))[.size] as? Int ?? 0
        // An empty IEND chunk is 12 bytes: length, type and CRC.
        let path = try prefix(of: fileName, count: size - 12)

        let error = await #expect(throws: ImagingError.self) {
            try await self.check(path)
        }

        #expect(error?.kind == .loadFailed)
        #expect(error?.description.contains("IEND") == true)
    }
}
