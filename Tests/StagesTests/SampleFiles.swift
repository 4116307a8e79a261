import Foundation

/// Locates the shared sample images (`$IMGPIPE_FIXTURES` when set, else `<repo>/../shared/fixtures`)
/// and makes scratch folders for prepared copies.
enum SampleFiles {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["IMGPIPE_FIXTURES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    static func image(_ name: String) -> String {
        root.appendingPathComponent("images").appendingPathComponent(name).path
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-stages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }
}
