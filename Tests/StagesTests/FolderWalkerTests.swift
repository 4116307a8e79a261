import Foundation
import Testing
@testable import Stages

@Suite("Folder walker")
struct FolderWalkerTests {
    @Test("path order, globs, hidden and temporary names")
    func listsInPathOrder() async throws {
        let root = try makeTree([
            "b.jpg", "a.JPG", "sub/c.jpg", "sub/deeper/d.png", "notes.txt",
            ".hidden.jpg", "partial.jpg.part", "download.crdownload", "x.tmp",
        ])
        let walker = FolderWalker(root: root.path, recursive: true, include: [GlobPattern("*.jpg"), GlobPattern("*.png")], exclude: [])

        let entries = try await collect(walker)

        #expect(entries.files == ["a.JPG", "b.jpg", "sub/c.jpg", "sub/deeper/d.png"])
        #expect(entries.problems.isEmpty)
    }

    @Test("exclude wins and recursion can be off")
    func excludeAndFlat() async throws {
        let root = try makeTree(["keep.jpg", "skip-me.jpg", "sub/deep.jpg"])
        let walker = FolderWalker(root: root.path, recursive: false, include: [GlobPattern("*.jpg")], exclude: [GlobPattern("skip-*")])

        let entries = try await collect(walker)

        #expect(entries.files == ["keep.jpg"])
    }

    @Test("symlink loop and broken link reported, not fatal")
    func loopsReported() async throws {
        let root = try makeTree(["a.jpg", "sub/b.jpg"])
        try FileManager.default.createSymbolicLink(atPath: root.path + "/sub/loop", withDestinationPath: root.path)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/broken.jpg", withDestinationPath: root.path + "/missing.jpg")
        let walker = FolderWalker(root: root.path, recursive: true, include: [GlobPattern("*.jpg")], exclude: [])

        let entries = try await collect(walker)

        #expect(entries.files == ["a.jpg", "sub/b.jpg"])
        #expect(entries.problems.count == 2)
        #expect(entries.problems.contains { $0.contains("symbolic link loop") })
        #expect(entries.problems.contains { $0.contains("broken link") && $0.contains("broken.jpg") })
    }

    @Test("missing folder is a clear error")
    func missingFolder() async throws {
        let walker = FolderWalker(root: "/nonexistent/imgpipe-photos", recursive: true, include: [GlobPattern("*")], exclude: [])

        await #expect(throws: Error.self) {
            _ = try await collect(walker)
        }
    }

    private func makeTree(_ files: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-walk-\(UUID().uuidString.prefix(8))")
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        return root
    }

    private func collect(_ walker: FolderWalker) async throws -> (files: [String], problems: [String]) {
        let collected = Collected()
        try await walker.walk { entry in
            switch entry {
            case .file(let path, _):
                collected.files.append(String(path.dropFirst(walker.root.count + 1)))
            case .problem(_, let message):
                collected.problems.append(message)
            }
        }
        return (collected.files, collected.problems)
    }
}

/// What a walk reported, gathered from its callback.
private final class Collected {
    var files: [String] = []
    var problems: [String] = []
}
