import Foundation

/// The demo's scratch folder: the sample photographs, the sandbox's stored uploads.
struct DemoWorkspace {
    let root: URL

    var images: URL { root.appendingPathComponent("images") }
    var sandboxData: URL { root.appendingPathComponent("sandbox") }

    /// Creates a fresh workspace and copies the bundled sample photographs into it.
    static func create(at root: URL?) throws -> DemoWorkspace {
        let root = root ?? FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-demo-\(UUID().uuidString.prefix(8))")
        let workspace = DemoWorkspace(root: root)
        try FileManager.default.createDirectory(at: workspace.images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workspace.sandboxData, withIntermediateDirectories: true)

        for photo in try bundledPhotographs() {
            let destination = workspace.images.appendingPathComponent(photo.lastPathComponent)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: photo, to: destination)
        }
        return workspace
    }

    /// The sample photographs shipped in the package's resources.
    static func bundledPhotographs() throws -> [URL] {
        guard let folder = Bundle.module.url(forResource: "demo", withExtension: nil) else {
            throw DemoError("the demo photographs are missing from the installation (resource folder 'demo'); rebuild with `swift build`")
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        return files.filter { $0.pathExtension.lowercased() == "jpg" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// A problem that stops the demo, with what to do about it.
struct DemoError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
