import Crypto
import Foundation
import Pipeline

/// Finds the image files of a folder and fingerprints each with SHA-256.
public struct IngestStage: SourceStage {
    public let type = StageType.ingest
    let walker: FolderWalker
    let disposal: SourceDisposal

    public init(definition: StageDefinition) {
        let path = ExpandedPath.expand(definition.options.string("path") ?? ".")
        walker = FolderWalker(
            root: path,
            recursive: definition.options.boolean("recursive") ?? true,
            include: (definition.options.strings("include") ?? ["*"]).map(GlobPattern.init),
            exclude: (definition.options.strings("exclude") ?? []).map(GlobPattern.init)
        )
        disposal = SourceDisposal(definition.options["after"])
    }

    public func settle(_ item: Item, in run: RunContext) async {
        await disposal.apply(to: item, root: walker.root, in: run)
    }

    public func discover(in run: RunContext, emit: @Sendable (Discovery) async throws -> Void) async throws {
        try await walker.walk { entry in
            switch entry {
            case .problem(let path, let message):
                try await emit(.problem(path: path, message: message))
            case .file(let path, let byteSize):
                try await emit(await fingerprint(path, byteSize: byteSize))
            }
        }
    }

    private func fingerprint(_ path: String, byteSize: Int64) async -> Discovery {
        do {
            let digest = try await BlockingWork.run { try SHA256.hash(fileAt: path) }
            return .file(path: path, sha256: digest.hex, byteSize: byteSize)
        } catch {
            return .problem(path: path, message: "cannot read '\(path)' to hash it: \(error)")
        }
    }
}

/// Expands a leading `~` the way a shell would, since definitions name folders like
/// `~/Pictures`.
enum ExpandedPath {
    static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
