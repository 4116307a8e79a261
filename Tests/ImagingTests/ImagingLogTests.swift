import Foundation
import Imaging
import Synchronization
import TestFixtures
import Testing

@Suite struct ImagingLogTests {
    /// Decoding a truncated JPEG without fail-on-error makes libvips 8.14 warn through GLib that
    /// the "read gave 1 warnings". Its next warning prints the error buffer, whose text another
    /// thread may already have cleared, so it is not checked.
    @Test func libvipsWarningRouted() async throws {
        let received = Mutex<[ImagingLogMessage]>([])
        ImagingLog.route { message in received.withLock { $0.append(message) } }
        let path = Fixtures.image("pillow_truncated_jpeg.jpg")

        _ = try await Imaging.runBlocking { try PixelSample.mean(at: path) }

        let warnings = received.withLock { $0 }.filter { $0.text.contains("read gave 1 warnings") }
        #expect(!warnings.isEmpty, "received: \(received.withLock { $0 })")
        #expect(warnings.allSatisfy { $0.domain == "VIPS" })
        #expect(warnings.allSatisfy { $0.level == .warning })
        // libvips emits this warning from a worker thread, which runs no call with a path.
        #expect(warnings.allSatisfy { $0.path == nil || $0.path == path })
    }
}
