import Foundation
import Pipeline

/// Ingest's `after` option: what happens to a source file once its item succeeded or was
/// skipped as already done. The runner calls it only after the item's last event is committed,
/// so a crash before it leaves the file in place and a resume does it again.
enum SourceDisposal: Sendable {
    case keep
    case delete
    /// Moves the file into this folder, keeping its path relative to the ingest folder.
    case move(String)

    init(_ value: OptionValue?) {
        switch value {
        case .string("delete"): self = .delete
        case .mapping(let mapping) where mapping["move"] != nil: self = .move(ExpandedPath.expand(mapping["move"]!))
        default: self = .keep
        }
    }

    /// Moves or deletes the item's source and records that. A file already gone is left alone,
    /// because an earlier process of the same run may have moved it.
    func apply(to item: Item, root: String, in run: RunContext) async {
        let source = item.sourcePath
        let action: String
        var payload: [String: JSONValue] = ["path": .string(source)]
        do {
            switch self {
            case .keep:
                return
            case .delete:
                guard try await BlockingWork.run({ try Self.delete(source) }) else { return }
                action = "source.deleted"
            case .move(let folder):
                let relative = Self.relativePath(of: source, under: root)
                guard let destination = try await BlockingWork.run({ try Self.move(source, into: folder, relative: relative) }) else { return }
                payload["destination"] = .string(destination)
                action = "source.moved"
            }
            try await run.record(action, item: item.id, stage: .ingest, payload)
        } catch {
            run.logger.error("could not move or delete a finished source file", [
                "run": run.runID.rawValue, "item": item.id, "path": source, "error": "\(error)",
            ])
        }
    }

    static func relativePath(of path: String, under root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : URL(fileURLWithPath: path).lastPathComponent
    }

    private static func delete(_ path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        try FileManager.default.removeItem(atPath: path)
        return true
    }

    /// Returns the destination, with `-1`, `-2`... before the extension when the name is taken.
    private static func move(_ path: String, into folder: String, relative: String) throws -> String? {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { return nil }
        let target = URL(fileURLWithPath: folder).appendingPathComponent(relative)
        try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)

        var destination = target
        var counter = 0
        while files.fileExists(atPath: destination.path) {
            counter += 1
            let stem = target.deletingPathExtension().lastPathComponent
            let suffix = target.pathExtension.isEmpty ? "" : "." + target.pathExtension
            destination = target.deletingLastPathComponent().appendingPathComponent("\(stem)-\(counter)\(suffix)")
        }
        try files.moveItem(atPath: path, toPath: destination.path)
        return destination.path
    }
}
