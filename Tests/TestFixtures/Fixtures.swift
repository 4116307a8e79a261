import Foundation

/// Locates the shared sample files: `$IMGPIPE_FIXTURES` when set, else `<repo>/../shared/fixtures`.
public enum Fixtures {
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["IMGPIPE_FIXTURES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    public static func image(_ name: String) -> String {
        root.appendingPathComponent("images").appendingPathComponent(name).path
    }

    public static func webhooks(_ name: String) -> String {
        root.appendingPathComponent("webhooks").appendingPathComponent(name).path
    }
}
