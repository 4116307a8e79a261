import Crypto
import Foundation
import Pipeline

/// Finds the image files of a folder and fingerprints each with SHA-256; with `watch: true`
/// it keeps taking files that arrive until the run stops.
public struct IngestStage: SourceStage {
    public let type = StageType.ingest
    let walker: FolderWalker
    let disposal: SourceDisposal
    let watch: FolderWatch?

    public init(definition: StageDefinition) {
        let path = ExpandedPath.expand(definition.options.string("path") ?? ".")
        walker = FolderWalker(
            root: path,
            recursive: definition.options.boolean("recursive") ?? true,
            include: (definition.options.strings("include") ?? ["*"]).map(GlobPattern.init),
            exclude: (definition.options.strings("exclude") ?? []).map(GlobPattern.init)
        )
        disposal = SourceDisposal(definition.options["after"])
        watch = definition.options.boolean("watch") == true ? FolderWatch(
            walker: walker,
            stableFor: definition.options.duration("stable_for") ?? .seconds(2),
            rescanEvery: definition.options.duration("rescan_every") ?? .seconds(300)
        ) : nil
    }

    /// Whether discovery keeps waiting for new files instead of ending after one pass.
    public var isWatching: Bool { watch != nil }

    public func stopIntake() {
        watch?.stop()
    }

    public func settle(_ item: Item, in run: RunContext) async {
        await disposal.apply(to: item, root: walker.root, in: run)
    }

    public func discover(in run: RunContext, emit: @Sendable (Discovery) async throws -> Void) async throws {
        if let watch {
            run.logger.info("watching folder", ["run": run.runID.rawValue, "path": walker.root])
            try await watch.run(
                take: { path, size in try await emit(await fingerprint(path, byteSize: size)) },
                problem: { path, message in try await emit(.problem(path: path, message: message)) }
            )
            return
        }
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
