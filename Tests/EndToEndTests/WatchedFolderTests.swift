import Foundation
import SQLite
import Testing

/// A watching ingest stage, run by the built binary against a real folder and real inotify.
@Suite("Watched folders end to end")
struct WatchedFolderTests {
    @Test("takes files present at start, a chunked .part file once renamed and a rewritten file once")
    func takesEachArrivalOnce() async throws {
        // The default 2 s, well above the 200 ms between rewrites below, so that a loaded
        // machine oversleeping a gap does not let a partial rewrite settle and be taken.
        let folder = try WatchedFolder(stableFor: "2s")
        let photo = try Data(contentsOf: RepositoryPaths.fixtures.appendingPathComponent("images/exif_orient1_Landscape_1.jpg"))
        let other = try Data(contentsOf: RepositoryPaths.fixtures.appendingPathComponent("images/exif_orient3_Landscape_3.jpg"))
        let third = try Data(contentsOf: RepositoryPaths.fixtures.appendingPathComponent("images/exif_orient6_Landscape_6.jpg"))
        try photo.write(to: folder.inbox.appendingPathComponent("present.jpg"))

        let binary = try RunningBinary(["run", folder.definition.path, "--json", "--state-dir", folder.state.path], environment: folder.environment)
        try await folder.waitForDiscovery(of: "present.jpg")

        // Written in chunks under a temporary name, then renamed: only the rename counts.
        let partial = folder.inbox.appendingPathComponent("chunked.jpg.part")
        _ = FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        for chunk in stride(from: 0, to: other.count, by: other.count / 4 + 1) {
            try handle.write(contentsOf: other[chunk..<min(chunk + other.count / 4 + 1, other.count)])
            try await Task.sleep(for: .milliseconds(150))
        }
        try handle.close()
        try FileManager.default.moveItem(at: partial, to: folder.inbox.appendingPathComponent("chunked.jpg"))

        // Rewritten three times within less than `stable_for` each: taken once, in its last form.
        let rewritten = folder.inbox.appendingPathComponent("rewritten.jpg")
        for length in [third.count / 3, third.count / 2, third.count] {
            try third.prefix(length).write(to: rewritten)
            try await Task.sleep(for: .milliseconds(200))
        }

        // A folder made after the start is watched too.
        let subfolder = folder.inbox.appendingPathComponent("later")
        try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: false)
        try photo.write(to: subfolder.appendingPathComponent("nested.jpg"))

        try await folder.waitForDiscovery(of: "chunked.jpg")
        try await folder.waitForDiscovery(of: "nested.jpg")
        try await folder.waitForDiscovery(of: "rewritten.jpg")
        binary.signal(SIGTERM)
        let result = await binary.wait()

        #expect(result.status == 143, "stderr: \(result.standardError)")
        let discovered = try folder.discoveries()
        #expect(discovered.map(\.name).sorted() == ["chunked.jpg", "nested.jpg", "present.jpg", "rewritten.jpg"])
        #expect(discovered.first { $0.name == "rewritten.jpg" }?.size == Int64(third.count))
        #expect(discovered.first { $0.name == "chunked.jpg" }?.size == Int64(other.count))
    }

    @Test("periodic rescan takes a hard-linked file")
    func periodicRescan() async throws {
        let folder = try WatchedFolder(stableFor: "100ms", rescanEvery: "1s")
        let outside = folder.root.appendingPathComponent("outside.jpg")
        try Data(contentsOf: RepositoryPaths.fixtures.appendingPathComponent("images/exif_orient1_Landscape_1.jpg")).write(to: outside)
        try TinyPNG.data(width: 4, height: 4, seed: 21).write(to: folder.inbox.appendingPathComponent("present.png"))

        let binary = try RunningBinary(["run", folder.definition.path, "--json", "--state-dir", folder.state.path], environment: folder.environment)
        try await folder.waitForDiscovery(of: "present.png")
        // link(2) raises IN_CREATE but no IN_CLOSE_WRITE or IN_MOVED_TO, the events the watch
        // takes files on, so only the rescan every second can find this file.
        #expect(link(outside.path, folder.inbox.appendingPathComponent("linked.jpg").path) == 0)
        try await folder.waitForDiscovery(of: "linked.jpg")
        binary.signal(SIGTERM)
        let result = await binary.wait()

        #expect(result.status == 143, "stderr: \(result.standardError)")
        #expect(try folder.discoveries().map(\.name).sorted() == ["linked.jpg", "present.png"])
    }
}

/// A temporary inbox with a watching definition that reads metadata only, and its event log.
struct WatchedFolder {
    let root: URL
    var inbox: URL { root.appendingPathComponent("inbox") }
    var state: URL { root.appendingPathComponent("state") }
    var definition: URL { root.appendingPathComponent("watch.yaml") }
    var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("IMGUR_") && !$0.key.hasPrefix("IMGPIPE_") }
    }

    init(stableFor: String = "500ms", rescanEvery: String = "5m", extraStages: String = "  - type: metadata\n") throws {
        root = try RepositoryPaths.temporaryFolder("watched")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let text = """
        name: watched
        stages:
          - type: ingest
            path: \(root.appendingPathComponent("inbox").path)
            watch: true
            stable_for: \(stableFor)
            rescan_every: \(rescanEvery)

        """ + extraStages
        try text.write(to: root.appendingPathComponent("watch.yaml"), atomically: true, encoding: .utf8)
    }

    struct Discovered {
        let name: String
        let size: Int64
    }

    /// Every `item.discovered` event, by file name and recorded size.
    func discoveries() throws -> [Discovered] {
        let path = state.appendingPathComponent("events.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let database = try Database(path: path, mode: .readOnly, busyTimeout: .seconds(1))
        return try database.query("SELECT payload FROM events WHERE type = 'item.discovered'") { row in
            let payload = try JSONSerialization.jsonObject(with: Data((row.text(at: 0) ?? "{}").utf8)) as? [String: Any] ?? [:]
            let filePath = payload["path"] as? String ?? ""
            return Discovered(name: (filePath as NSString).lastPathComponent, size: (payload["size"] as? NSNumber)?.int64Value ?? -1)
        }
    }

    /// Polls the event log until `name` was discovered; the log is the only signal the
    /// binary gives of it.
    func waitForDiscovery(of name: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? discoveries())?.contains(where: { $0.name == name }) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("'\(name)' was not discovered within 30 s")
    }
}
