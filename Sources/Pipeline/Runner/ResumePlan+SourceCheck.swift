import Crypto
import Foundation

extension ResumePlan {
    /// Hashes again the source file of each replayed item that reads it, and takes out of the
    /// plan every item whose file no longer has the SHA-256 that the original run logged.
    ///
    /// A replayed item keeps its logged hash, which the "already uploaded" check and the audit
    /// trail use, so uploading changed bytes under it would record the wrong content. Each
    /// removed item is returned with an error message, for the replay source to fail it.
    ///
    /// NOTE: the file is hashed when the replay plans its items, not when a stage opens it, so
    /// a file replaced while the replay runs is not detected.
    public func removingChangedSources(
        original: RunID, stageTypes: [StageType]
    ) async throws -> (plan: ResumePlan, changed: [(path: String, message: String)]) {
        var checked = self
        checked.entries = []
        var changed: [(path: String, message: String)] = []
        for entry in entries {
            let item = entry.item
            guard Self.readsSource(item, entering: stageTypes[entry.stageIndex]),
                  FileManager.default.fileExists(atPath: item.sourcePath) else {
                checked.entries.append(entry)
                continue
            }
            let path = item.sourcePath
            let current = try await BlockingWork.run { try SHA256.hash(fileAt: path).hex }
            guard current != item.sha256 else {
                checked.entries.append(entry)
                continue
            }
            changed.append((path, "source file \(path) of item \(item.id) in run \(original) changed since that run: " +
                "the log recorded SHA-256 \(item.sha256), the file now has \(current). A replay keeps the logged content, " +
                "so nothing was uploaded for it; process the new content with 'imgpipe run'."))
        }
        return (checked, changed)
    }

    /// Checks whether an item entering `stage` reads its source file. The metadata and resize
    /// stages read it, and so does the upload of a prepared file that is the untouched source.
    private static func readsSource(_ item: Item, entering stage: StageType) -> Bool {
        guard item.upload == nil else { return false }
        switch stage {
        case .metadata, .resize: return true
        case .authenticate, .upload: return item.prepared?.rewritten == false
        case .ingest, .notify: return false
        }
    }
}
