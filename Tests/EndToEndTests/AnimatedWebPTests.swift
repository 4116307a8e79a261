import Foundation
import Imaging
import Testing

/// Imgur does not accept WebP, so an animated WebP must reach it as a GIF with every frame.
@Suite("Animated WebP end to end")
struct AnimatedWebPTests {
    /// Three 32x32 frames, written with libvips 8.14 (`vips copy small.gif[n=-1] out.webp`).
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Media/animated-3-frames.webp")

    @Test("animated WebP becomes a GIF")
    func animatedWebPBecomesGIF() async throws {
        let staging = try RepositoryPaths.temporaryFolder("webp")
        defer { try? FileManager.default.removeItem(at: staging) }
        try FileManager.default.copyItem(at: Self.sample, to: staging.appendingPathComponent("animated.webp"))
        let harness = try DemoHarness(images: staging)
        defer { harness.stop() }

        let result = try await BuiltBinary.run(
            ["run", "pipelines/demo.yaml", "--json", "--state-dir", harness.stateDirectory.path],
            environment: harness.environment()
        )

        #expect(result.status == 0, "stderr: \(result.standardError)")
        let stored = harness.sandbox.storedImages()
        #expect(stored.count == 1)
        let image = try #require(stored.first)
        #expect(image.type == "image/gif")
        let header = try ImageInspector.readHeader(at: image.fileURL.path)
        #expect(header.format == .gif)
        #expect(header.pages == 3)
        #expect(header.width == 32)
    }
}
