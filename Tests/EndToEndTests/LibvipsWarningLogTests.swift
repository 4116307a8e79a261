import Foundation
import Testing

/// libvips 8.14 warns through GLib while loading the sample HEIC ("heifload: ignoring nclx
/// profile"). The warning must reach the command's logger, not standard error raw.
@Suite("libvips warnings end to end")
struct LibvipsWarningLogTests {
    @Test func heifWarningLogged() async throws {
        let folder = try RepositoryPaths.temporaryFolder("vips-warning")
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let sample = RepositoryPaths.fixtures.appendingPathComponent("images/pillow_hopper.heic")
        try FileManager.default.copyItem(at: sample, to: images.appendingPathComponent("hopper.heic"))
        let definition = folder.appendingPathComponent("warning.yaml")
        try """
        name: warning
        stages:
          - type: ingest
            path: \(images.path)
          - type: metadata
          - type: resize
        """.write(to: definition, atomically: true, encoding: .utf8)

        let result = try await BuiltBinary.run(
            ["run", definition.path, "--json", "--state-dir", folder.appendingPathComponent("state").path,
             "--config-dir", folder.appendingPathComponent("config").path],
            environment: ["HOME": folder.path]
        )

        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(!result.standardError.contains("VIPS-WARNING"), "stderr: \(result.standardError)")
        let expected = "warning libvips message domain=VIPS message=\"heifload: ignoring nclx profile\" path="
        let line = expected + images.appendingPathComponent("hopper.heic").path
        #expect(result.standardError.contains(line), "stderr: \(result.standardError)")
        #expect(result.standardError.components(separatedBy: line).count == 2, "the warning should be logged once")
    }
}
