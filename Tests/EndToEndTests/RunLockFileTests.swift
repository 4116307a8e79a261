import Foundation
import Testing

/// The built binary with a run lock path or state directory that imgpipe did not create. The
/// cases are a link or FIFO at the lock path, files where folders belong, and no event log yet.
@Suite("Run lock files end to end")
struct RunLockFileTests {
    @Test("lock path symlink rejected, target kept")
    func symlinkRejected() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let once = try Self.onceDefinition(folder)
        let victim = folder.root.appendingPathComponent("victim.txt")
        try "keep me\n".write(to: victim, atomically: true, encoding: .utf8)
        let lockPath = try Self.createLocksFolder(folder) + "/watched.lock"
        try FileManager.default.createSymbolicLink(atPath: lockPath, withDestinationPath: victim.path)

        let result = try await BuiltBinary.run(["run", once.path, "--quiet", "--state-dir", folder.state.path], environment: folder.environment)

        #expect(result.status == 2, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("invalid run lock file: \(lockPath) is a symbolic link; remove it"),
                "stderr: \(result.standardError)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
        #expect(try Self.discoveredCount(folder) == 0, "the run must not start")
    }

    @Test("removed or replaced lock file relocked")
    func replacedLockFileRelocked() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let once = try Self.onceDefinition(folder)
        let holder = try RunningBinary(["run", folder.definition.path, "--state-dir", folder.state.path], environment: folder.environment)
        defer { holder.killIfRunning() }
        try await folder.waitForDiscovery(of: "one.png")
        let lockPath = folder.state.path + "/locks/watched.lock"
        let pid = holder.process.processIdentifier

        let changes: [(String, () throws -> Void)] = [
            ("removed", { try FileManager.default.removeItem(atPath: lockPath) }),
            ("replaced", { try "replaced\n".write(toFile: lockPath, atomically: true, encoding: .utf8) }),
        ]
        for (change, apply) in changes {
            try apply()
            // The holder writes its pid only once it holds the lock of the new file.
            try await Self.waitForLine("pid=\(pid)", in: lockPath, after: change)
            let second = try await BuiltBinary.run(["run", once.path, "--new-run", "--quiet", "--state-dir", folder.state.path],
                                                   environment: folder.environment)

            #expect(second.status == 2, "after the lock file was \(change), stderr: \(second.standardError)")
            #expect(second.standardError.contains("pipeline 'watched' is already running in process \(pid)"),
                    "after the lock file was \(change), stderr: \(second.standardError)")
        }
        holder.signal(SIGTERM)
        let holderResult = await holder.wait()
        let warnings = holderResult.standardError.components(separatedBy: "run lock file was removed or replaced, locked it again").count - 1
        #expect(warnings == 2, "stderr: \(holderResult.standardError)")
    }

    @Test("lock path FIFO rejected")
    func fifoRejected() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let once = try Self.onceDefinition(folder)
        let lockPath = try Self.createLocksFolder(folder) + "/watched.lock"
        try #require(mkfifo(lockPath, 0o600) == 0)

        let result = try await BuiltBinary.run(["run", once.path, "--quiet", "--state-dir", folder.state.path], environment: folder.environment)

        #expect(result.status == 2, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("invalid run lock file: \(lockPath) is not a regular file"),
                "stderr: \(result.standardError)")
        #expect(try Self.discoveredCount(folder) == 0, "the run must not start")
    }

    @Test("state directory that is a file")
    func stateDirectoryIsFile() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let once = try Self.onceDefinition(folder)
        let stateFile = folder.root.appendingPathComponent("state-file")
        try "not a folder\n".write(to: stateFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.state, withIntermediateDirectories: true)
        try "not a folder\n".write(to: folder.state.appendingPathComponent("locks"), atomically: true, encoding: .utf8)

        let cases = [(stateFile.path, stateFile.path), (folder.state.path, folder.state.path + "/locks")]
        for (stateDirectory, offendingPath) in cases {
            let result = try await BuiltBinary.run(["run", once.path, "--quiet", "--state-dir", stateDirectory], environment: folder.environment)

            #expect(result.status == 2, "stderr: \(result.standardError)")
            #expect(result.standardError.contains("invalid state directory: \(offendingPath) exists and is not a directory"),
                    "stderr: \(result.standardError)")
            #expect(result.standardError.contains("pass --state-dir naming a directory"))
            #expect(!result.standardError.contains("NSCocoaErrorDomain"), "stderr: \(result.standardError)")
        }
        // `upload` takes no run lock, so only the check before the event log opens guards it.
        let image = folder.inbox.appendingPathComponent("one.png").path
        let upload = try await BuiltBinary.run(["upload", image, "--quiet", "--state-dir", stateFile.path], environment: folder.environment)
        let runs = try await BuiltBinary.run(["runs", "--state-dir", stateFile.path], environment: folder.environment)
        for result in [upload, runs] {
            #expect(result.status == 2, "stderr: \(result.standardError)")
            #expect(result.standardError.contains("invalid state directory: \(stateFile.path) exists and is not a directory"),
                    "stderr: \(result.standardError)")
        }
    }

    @Test("runs without event log lists none")
    func runsWithoutEventLog() async throws {
        let folder = try WatchedFolder(stableFor: "100ms")
        defer { try? FileManager.default.removeItem(at: folder.root) }

        let table = try await BuiltBinary.run(["runs", "--state-dir", folder.state.path], environment: folder.environment)
        let json = try await BuiltBinary.run(["runs", "--json", "--state-dir", folder.state.path], environment: folder.environment)

        #expect(table.status == 0, "stderr: \(table.standardError)")
        #expect(table.standardOutput.contains("No runs yet"), "stdout: \(table.standardOutput)")
        #expect(json.status == 0, "stderr: \(json.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let runs = try #require(document?["runs"] as? [Any], "stdout: \(json.standardOutput)")
        #expect(runs.isEmpty)
        #expect(document?.count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.state.path), "listing must not create the state directory")
    }

    /// Polls the file at `path` until it contains `line`, the holder's only signal that it
    /// locked a new file.
    static func waitForLine(_ line: String, in path: String, after change: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.split(separator: "\n").contains(Substring(line)) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("the lock file was \(change) and \(path) did not contain '\(line)' within 10 s")
    }

    /// Writes a definition of pipeline `watched` that ends by itself, with one file to read.
    static func onceDefinition(_ folder: WatchedFolder) throws -> URL {
        try TinyPNG.data(width: 4, height: 4, seed: 61).write(to: folder.inbox.appendingPathComponent("one.png"))
        return try RunLockTests.definition(named: "watched", inbox: folder.inbox, watching: false, in: folder.root)
    }

    /// Creates `locks` in the folder's state directory and returns its path.
    static func createLocksFolder(_ folder: WatchedFolder) throws -> String {
        let locks = folder.state.appendingPathComponent("locks")
        try FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true)
        return locks.path
    }

    static func discoveredCount(_ folder: WatchedFolder) throws -> Int {
        try folder.discoveries().count
    }
}
