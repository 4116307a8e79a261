import Crypto
import Foundation
import Pipeline

/// A source of named files, in the order given, for one-shot uploads of files that need not
/// share a folder.
public struct FileListSource: SourceStage {
    public let type = StageType.ingest
    let paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }

    public func discover(in run: RunContext, emit: @Sendable (Discovery) async throws -> Void) async throws {
        for path in paths {
            try await emit(await Self.fingerprint(path))
        }
    }

    private static func fingerprint(_ path: String) async -> Discovery {
        do {
            return try await BlockingWork.run {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    return .problem(path: path, message: "file not found: \(path)")
                }
                guard !isFolder.boolValue else {
                    return .problem(path: path, message: "\(path) is a folder; name image files, or use 'imgpipe run' with an ingest stage")
                }
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
                return .file(path: path, sha256: try SHA256.hash(fileAt: path).hex, byteSize: size)
            }
        } catch {
            return .problem(path: path, message: "cannot read '\(path)' to hash it: \(error)")
        }
    }
}
