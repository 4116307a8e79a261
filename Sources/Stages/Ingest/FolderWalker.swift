import Foundation
import Pipeline

/// Lists the files under a folder in path order, one folder at a time, so memory grows with
/// the depth and width of the tree rather than with the number of files.
struct FolderWalker: Sendable {
    let root: String
    let recursive: Bool
    let include: [GlobPattern]
    let exclude: [GlobPattern]

    /// Names that are still being written by a download or copy tool.
    static let temporarySuffixes = [".part", ".partial", ".filepart", ".tmp", ".crdownload"]

    enum Entry: Sendable {
        case file(path: String, byteSize: Int64)
        case problem(path: String, message: String)
    }

    /// Calls `visit` for each matching file, and for each entry that cannot be read.
    func walk(_ visit: (Entry) async throws -> Void) async throws {
        var visitedFolders: Set<FileIdentity> = []
        guard let identity = FileIdentity(path: root), identity.isDirectory else {
            throw StageError("the ingest folder '\(root)' does not exist or is not a folder; check the stage's `path`")
        }
        visitedFolders.insert(identity)
        try await walkFolder(root, relative: "", visited: &visitedFolders, visit)
    }

    private func walkFolder(_ folder: String, relative: String, visited: inout Set<FileIdentity>, _ visit: (Entry) async throws -> Void) async throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            try await visit(.problem(path: folder, message: "cannot read the folder '\(folder)': \(error.localizedDescription)"))
            return
        }

        for name in names where !Self.isIgnored(name) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            try await visitEntry(path, relativePath: relativePath, visited: &visited, visit)
        }
    }

    private func visitEntry(_ path: String, relativePath: String, visited: inout Set<FileIdentity>, _ visit: (Entry) async throws -> Void) async throws {
        guard let identity = FileIdentity(path: path) else {
            if matches(relativePath) {
                try await visit(.problem(path: path, message: "cannot read '\(path)': it is a broken link or was removed while listing"))
            }
            return
        }

        if identity.isDirectory {
            guard recursive else { return }
            guard visited.insert(identity).inserted else {
                try await visit(.problem(path: path, message: "cannot ingest '\(path)': it is a symbolic link loop back to a folder already listed; remove the link or point it at another folder"))
                return
            }
            try await walkFolder(path, relative: relativePath, visited: &visited, visit)
            return
        }

        guard identity.isRegularFile, matches(relativePath) else { return }
        guard access(path, R_OK) == 0 else {
            try await visit(.problem(path: path, message: "cannot read '\(path)': permission denied"))
            return
        }
        try await visit(.file(path: path, byteSize: identity.size))
    }

    func matches(_ relativePath: String) -> Bool {
        include.contains { $0.matches(relativePath: relativePath) }
            && !exclude.contains { $0.matches(relativePath: relativePath) }
    }

    static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") { return true }
        let lowered = name.lowercased()
        return temporarySuffixes.contains { lowered.hasSuffix($0) }
    }
}

/// A file's device and inode (following symbolic links), to recognise a folder seen before.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64
    let isDirectory: Bool
    let isRegularFile: Bool
    let size: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        size = Int64(info.st_size)
    }

    static func == (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(device)
        hasher.combine(inode)
    }
}
