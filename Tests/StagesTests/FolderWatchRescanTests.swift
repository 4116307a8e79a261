import Foundation
import Pipeline
import Synchronization
import Testing
@testable import Stages

/// The inotify queue-overflow path of a watching ingest. The kernel sends `IN_Q_OVERFLOW` only
/// when its queue for the descriptor is full. A test cannot cause that without changing
/// `fs.inotify.max_queued_events` for the whole machine, so these tests hand the watcher an
/// overflow record built in memory.
@Suite("Folder watch rescans")
struct FolderWatchRescanTests {
    @Test("decoder reads overflow and named records")
    func decodesRecords() {
        let bytes = Self.record(mask: UInt32(IN_Q_OVERFLOW), watch: -1) + Self.record(mask: UInt32(IN_CLOSE_WRITE), watch: 1, name: "a.jpg")

        let decoded = bytes.withUnsafeBytes { FolderEvents.decode($0) }

        #expect(decoded.count == 2)
        #expect(decoded.first?.header.mask == UInt32(IN_Q_OVERFLOW))
        #expect(decoded.first?.name == "")
        #expect(decoded.last?.header.wd == 1)
        #expect(decoded.last?.name == "a.jpg")
    }

    @Test("overflow record rescans and finds a linked file")
    func overflowRescans() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-overflow-\(UUID().uuidString.prefix(8))")
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("present".utf8).write(to: inbox.appendingPathComponent("present.jpg"))
        try Data("linked".utf8).write(to: root.appendingPathComponent("outside.jpg"))

        let walker = FolderWalker(root: inbox.path, recursive: true, include: [GlobPattern("*.jpg")], exclude: [])
        let watch = FolderWatch(walker: walker, stableFor: .zero, rescanEvery: .seconds(3600))
        let events = try FolderEvents(root: inbox.path, recursive: true)
        let takenNames = TakenNames()
        let watching = Task {
            try await watch.run(events: events, take: { path, _ in takenNames.add((path as NSString).lastPathComponent) }, problem: { _, _ in })
        }
        defer { watching.cancel() }
        try await withDeadline(.seconds(30)) { await takenNames.wait(for: "present.jpg") }

        // link(2) raises IN_CREATE but no IN_CLOSE_WRITE, and the watch takes files only on
        // the latter or on IN_MOVED_TO, so only a rescan can find this file.
        #expect(link(root.appendingPathComponent("outside.jpg").path, inbox.appendingPathComponent("linked.jpg").path) == 0)
        // No event marks the absence of a take; a few poll intervals show the file stays unseen.
        try await Task.sleep(for: .milliseconds(500))
        #expect(!takenNames.names.contains("linked.jpg"), "the link alone made the watch take the file")

        Self.record(mask: UInt32(IN_Q_OVERFLOW), watch: -1).withUnsafeBytes { events.receive($0) }
        try await withDeadline(.seconds(30)) { await takenNames.wait(for: "linked.jpg") }

        watch.stop()
        try await watching.value
        #expect(takenNames.names == ["present.jpg", "linked.jpg"])
    }

    /// Builds one raw inotify record as `read` returns it: the fixed header, then the name
    /// with NUL padding, here to a multiple of 16 bytes.
    static func record(mask: UInt32, watch: Int32, name: String = "") -> Data {
        var nameBytes = Array(name.utf8)
        if !nameBytes.isEmpty {
            nameBytes += [UInt8](repeating: 0, count: 16 - nameBytes.count % 16)
        }
        var header = inotify_event()
        header.wd = watch
        header.mask = mask
        header.len = UInt32(nameBytes.count)
        var data = withUnsafeBytes(of: &header) { Data($0) }
        data.append(contentsOf: nameBytes)
        return data
    }
}

/// The names a watch took, in order, with a wait for one of them.
private final class TakenNames: Sendable {
    private let state = Mutex<(names: [String], waiters: [UUID: (name: String, continuation: CheckedContinuation<Void, Never>)])>(([], [:]))

    var names: [String] { state.withLock { $0.names } }

    func add(_ name: String) {
        let ready = state.withLock { state in
            state.names.append(name)
            let matching = state.waiters.filter { $0.value.name == name }
            for id in matching.keys { state.waiters[id] = nil }
            return matching.values.map(\.continuation)
        }
        ready.forEach { $0.resume() }
    }

    /// Returns once `name` was taken, or when the task is cancelled.
    func wait(for name: String) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state in
                    if state.names.contains(name) || Task.isCancelled { return true }
                    state.waiters[id] = (name, continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }
}
