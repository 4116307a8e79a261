import Foundation
@testable import Pipeline
import Testing

/// `RunLock` on real lock files: names made safe, and a held lock seen by a second open file
/// of the same process as it would be by another process.
@Suite("Run lock")
struct RunLockTests {
    @Test("lock path encodes unsafe names")
    func lockPathEncodesNames() {
        #expect(RunLock.lockPath(of: "inbox_2-a", stateDirectory: "/state") == "/state/locks/inbox_2-a.lock")
        #expect(RunLock.lockPath(of: "../x y", stateDirectory: "/state") == "/state/locks/%2E%2E%2Fx%20y.lock")
        #expect(RunLock.lockPath(of: "Fotos \u{FC}", stateDirectory: "/state") == "/state/locks/Fotos%20%C3%BC.lock")

        let long = RunLock.lockPath(of: String(repeating: "\u{5199}", count: 100), stateDirectory: "/state")
        let fileName = (long as NSString).lastPathComponent
        // 300 bytes encode to 900 characters: the first 100 are kept, then "-" and 64 hex digits.
        #expect(fileName.utf8.count == 100 + 1 + 64 + ".lock".count)
        #expect(fileName.hasPrefix("%E5%86%99"))
        #expect(RunLock.lockPath(of: String(repeating: "\u{5199}", count: 101), stateDirectory: "/state") != long)
    }

    @Test("second acquire fails naming holder")
    func secondAcquireFails() async throws {
        let directory = try EventLogTestDirectory()
        let state = directory.url.path
        let lock = try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        await lock.record(runID: RunID(rawValue: "run-1"))

        await #expect(throws: RunLockHeld.self) {
            try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        }
        do {
            _ = try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        } catch let held as RunLockHeld {
            #expect(held.holder.pid == getpid())
            #expect(held.holder.runID == RunID(rawValue: "run-1"))
            #expect(held.description.contains("stop process \(getpid())"))
        }
        guard case .held(let holder) = try RunLock.probe(pipeline: "inbox", stateDirectory: state) else {
            Issue.record("the probe found the held lock free")
            return
        }
        #expect(holder.pid == getpid())
        #expect(holder.runID == RunID(rawValue: "run-1"))
        #expect(try RunLock.probe(pipeline: "other", stateDirectory: state) == .free)

        lock.release()
        #expect(try RunLock.probe(pipeline: "inbox", stateDirectory: state) == .free)
        let again = try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        again.release()

        let mode = try FileManager.default.attributesOfItem(atPath: state + "/locks")[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test("lock file check sees removal and replacement")
    func lockFileCheckSeesReplacement() throws {
        let directory = try EventLogTestDirectory()
        let path = RunLock.lockPath(of: "inbox", stateDirectory: directory.url.path)
        try RunLockFile.createFolder(of: path)
        let descriptor = try RunLockFile.openRegularFile(path, flags: O_RDWR | O_CREAT)
        defer { close(descriptor) }

        let whileInPlace = try RunLockFile.isStillAt(path, descriptor: descriptor)
        try FileManager.default.removeItem(atPath: path)
        let afterRemoval = try RunLockFile.isStillAt(path, descriptor: descriptor)
        // A new file at the path, as a second process creates one, is another inode.
        let replacement = try RunLockFile.openRegularFile(path, flags: O_RDWR | O_CREAT)
        defer { close(replacement) }
        let afterReplacement = try RunLockFile.isStillAt(path, descriptor: descriptor)

        #expect(whileInPlace)
        #expect(!afterRemoval)
        #expect(!afterReplacement)
        #expect(try RunLockFile.isStillAt(path, descriptor: replacement))
    }

    @Test("reclaim relocks or reports loss")
    func reclaimAfterRemoval() async throws {
        let directory = try EventLogTestDirectory()
        let state = directory.url.path
        let lock = try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        await lock.record(runID: RunID(rawValue: "run-1"))

        let whileInPlace = try lock.reclaimIfReplaced()
        try FileManager.default.removeItem(atPath: lock.path)
        let afterRemoval = try lock.reclaimIfReplaced()
        let holderLines = try String(contentsOfFile: lock.path, encoding: .utf8)

        #expect(whileInPlace == .unchanged)
        #expect(afterRemoval == .retaken)
        #expect(holderLines == "pid=\(getpid())\nrun_id=run-1\n")
        await #expect(throws: RunLockHeld.self) {
            try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        }

        // A second lock taken on a new file, as another process would after a removal.
        try FileManager.default.removeItem(atPath: lock.path)
        let other = try await RunLock.acquire(pipeline: "inbox", stateDirectory: state)
        defer { other.release() }
        let afterLoss = try lock.reclaimIfReplaced()
        lock.release()
        let afterRelease = try lock.reclaimIfReplaced()

        guard case .lost(let held) = afterLoss else {
            Issue.record("expected the lock to be lost, got \(afterLoss)")
            return
        }
        #expect(held.holder.pid == getpid())
        #expect(afterRelease == .unchanged)
    }
}
