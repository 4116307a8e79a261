import Crypto
import Dispatch
import Foundation
import SQLite
import Synchronization
import Testing
import Webhooks

/// One crash trial: a pipeline of many small images run by the built binary, stopped by a
/// signal once the event log contains a given number of events, then continued by `imgpipe run`.
struct CrashTrial {
    let harness: DemoHarness
    let definition: URL
    let hashes: Set<String>

    /// Writes `images` into a fresh harness folder, with a definition using every stage;
    /// the option lines are added to the ingest, authenticate and notify stages.
    init(
        images: [Data], latency: Duration, ingestOptions: [String] = [], account: String = "account: default",
        notifyOptions: [String] = ["first_retry_delay: 100ms", "wait: 20s"]
    ) throws {
        harness = try DemoHarness(latency: latency)
        try FileManager.default.removeItem(at: harness.images)
        try FileManager.default.createDirectory(at: harness.images, withIntermediateDirectories: true)
        for (index, image) in images.enumerated() {
            try image.write(to: harness.images.appendingPathComponent(String(format: "tiny-%04d.png", index)))
        }
        hashes = Set(images.map { SHA256.hash($0).hex })

        definition = harness.folder.appendingPathComponent("crash.yaml")
        let indent = "\n    "
        try """
        name: crash
        stages:
          - type: ingest
            path: ${IMGPIPE_DEMO_IMAGES}\(ingestOptions.map { indent + $0 }.joined())
          - type: metadata
          - type: resize
            max_width: 1200
          - type: authenticate
            \(account)
          - type: upload
          - type: notify
            url: ${WEBHOOK_URL}
            secret: ${WEBHOOK_SECRET}\(notifyOptions.map { indent + $0 }.joined())
        """.write(to: definition, atomically: true, encoding: .utf8)
    }

    var runArguments: [String] {
        ["run", definition.path, "--json", "--quiet", "--state-dir", harness.stateDirectory.path]
    }

    /// How an interrupted process ended.
    struct Interruption {
        let status: Int32
        /// Whether the signal ended the process. It is false when the run finished before the
        /// test read the event count, because a loaded machine can delay that read.
        let killedBySignal: Bool
        let exitDelay: Duration
        let exit: String
        let standardOutput: String
    }

    /// Starts a run and sends `signal` once the log contains `eventCount` events. Returns how
    /// the process ended and how long it took to exit after the signal.
    func interrupt(
        afterEvents eventCount: Int, where condition: String? = nil, with signal: Int32, extraArguments: [String] = []
    ) async throws -> Interruption {
        let child = try ChildProcess(arguments: runArguments + extraArguments, environment: harness.environment())
        let logPath = harness.stateDirectory.appendingPathComponent("events.sqlite").path
        let signalled = Mutex<ContinuousClock.Instant?>(nil)
        let reached = await ThreadPoller.poll(every: .milliseconds(2)) {
            child.hasExited || Self.countEvents(at: logPath, where: condition) >= eventCount
        } then: {
            signalled.withLock { $0 = .now }
            child.send(signal)
        }
        if !reached {
            child.send(SIGKILL)
            Issue.record("the run did not reach \(eventCount) events within the poll's timeout")
        }

        let (status, exitedAt) = await child.waitForExit()
        let signalledAt = signalled.withLock { $0 } ?? exitedAt
        return Interruption(
            status: status, killedBySignal: child.killedBySignal, exitDelay: exitedAt - signalledAt,
            exit: child.exitDescription, standardOutput: child.standardOutput
        )
    }

    /// Continues the pipeline's unfinished run to its end and returns its summary.
    func resume() async throws -> SummaryDocument {
        let result = try await BuiltBinary.run(runArguments, environment: harness.environment())
        #expect(result.status == 0, "the resumed run failed: \(result.standardError.suffix(2000))")
        return try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
    }

    /// Returns the summary of the complete run: the interrupted process's own when it finished
    /// before the signal, otherwise that of a run continuing it.
    func finish(after interruption: Interruption?) async throws -> SummaryDocument {
        guard let interruption, !interruption.killedBySignal else {
            return try await resume()
        }
        #expect(interruption.status == 0, "the run failed before its signal: \(interruption.exit)")
        return try JSONDecoder().decode(SummaryDocument.self, from: Data(interruption.standardOutput.utf8))
    }

    /// Checks what must hold at any moment: no file in the sandbox twice, and no file's
    /// webhook delivered under two webhook-ids.
    func checkNothingTwice(label: String) {
        let names = harness.sandbox.storedImages().compactMap(\.name)
        #expect(names.count == Set(names).count, "\(label): the sandbox contains \(names.count - Set(names).count) duplicate uploads")

        var idsByContent: [String: Set<String>] = [:]
        for delivery in harness.receiver.deliveries() where delivery.type == "image.uploaded" {
            idsByContent[Self.sourceHash(in: delivery.body), default: []].insert(delivery.id)
        }
        #expect(idsByContent.values.allSatisfy { $0.count == 1 }, "\(label): a file's webhook was delivered under more than one webhook-id")
    }

    /// Checks what a finished run must leave: each file once in the sandbox, each item's
    /// webhook delivered under one stable id, and every step of every item in the log.
    func checkInvariants(runID: String, label: String) async throws {
        let stored = harness.sandbox.storedImages()
        #expect(stored.count == hashes.count, "\(label): the sandbox contains \(stored.count) images for \(hashes.count) files")
        #expect(Set(stored.compactMap(\.name)) == hashes, "\(label): the sandbox's images do not match the files")

        let deliveries = harness.receiver.deliveries().filter { $0.type == "image.uploaded" }
        var idsByContent: [String: Set<String>] = [:]
        for delivery in deliveries {
            idsByContent[Self.sourceHash(in: delivery.body), default: []].insert(delivery.id)
        }
        #expect(Set(idsByContent.keys) == hashes, "\(label): \(hashes.subtracting(idsByContent.keys).count) files have no webhook delivery")
        #expect(idsByContent.values.allSatisfy { $0.count == 1 }, "\(label): a file's webhook was delivered under more than one webhook-id")
        #expect(deliveries.allSatisfy { $0.verified }, "\(label): a delivery failed verification")

        let events = try await harness.events(of: runID)
        let items = Dictionary(grouping: events.filter { $0.itemID != nil }, by: { $0.itemID ?? "" })
        #expect(items.count == hashes.count, "\(label): the run has \(items.count) items for \(hashes.count) files")
        let required = ["item.discovered ingest"] + ["metadata", "resize", "authenticate", "upload", "notify"].map { "stage.finished \($0)" }
            + ["webhook.queued notify", "webhook.delivered notify"]
        for (item, itemEvents) in items {
            let steps = Set(itemEvents.map { "\($0.type) \($0.stage ?? "")" })
            let missing = required.filter { !steps.contains($0) }
            #expect(missing.isEmpty, "\(label): item \(item) lacks \(missing)")
        }
    }

    /// Stops the servers on a Dispatch thread: stopping joins the servers' threads, which must
    /// not hold up the cooperative pool that other tests' servers respond on.
    func stopInBackground() {
        let harness = self.harness
        DispatchQueue.global().async { harness.stop() }
    }

    /// Runs the binary with `arguments` added to the state directory option.
    func imgpipe(_ arguments: [String]) async throws -> BuiltBinary.Result {
        try await BuiltBinary.run(arguments + ["--state-dir", harness.stateDirectory.path], environment: harness.environment())
    }

    /// Counts the log's events, only those matching the SQL `condition` when it is given.
    static func countEvents(at path: String, where condition: String? = nil) -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        do {
            let database = try Database(path: path, mode: .readOnly, busyTimeout: .seconds(1))
            let filter = condition.map { " WHERE " + $0 } ?? ""
            return try database.query("SELECT count(*) FROM events" + filter) { Int(try $0.int64(at: 0)) }.first ?? 0
        } catch {
            // The schema may not exist yet while the child creates the file.
            return 0
        }
    }

    private static func sourceHash(in body: Data) -> String {
        let document = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let data = document?["data"] as? [String: Any]
        let source = data?["source"] as? [String: Any]
        return source?["sha256"] as? String ?? ""
    }
}

/// The built binary started without waiting for it, so that a test can signal it.
final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    /// The child's standard error, kept in a file so that a failing trial can show it.
    let errorLog: URL
    /// The child's standard output, kept in a file so that a run that finished can be read.
    let outputLog: URL

    init(arguments: [String], environment: [String: String]) throws {
        errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-child-\(UUID().uuidString.prefix(8)).log")
        outputLog = errorLog.deletingPathExtension().appendingPathExtension("out")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        _ = FileManager.default.createFile(atPath: outputLog.path, contents: nil)
        process.executableURL = BuiltBinary.url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = RepositoryPaths.root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputLog)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
    }

    /// How the child ended and the end of its standard error, for failure messages.
    var exitDescription: String {
        let reason = process.terminationReason == .uncaughtSignal ? "killed by signal" : "exited with"
        let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        return "\(reason) \(process.terminationStatus); stderr ends: \(errors.suffix(1500))"
    }

    var hasExited: Bool { !process.isRunning }

    var killedBySignal: Bool { process.terminationReason == .uncaughtSignal }

    var standardOutput: String { (try? String(contentsOf: outputLog, encoding: .utf8)) ?? "" }

    func send(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Waits on a thread of its own, so that neither the in-process servers nor the reading of
    /// the exit time wait for a busy pool, and returns the exit status with that time.
    func waitForExit() async -> (status: Int32, exitedAt: ContinuousClock.Instant) {
        await withCheckedContinuation { continuation in
            Thread {
                self.process.waitUntilExit()
                continuation.resume(returning: (self.process.terminationStatus, .now))
            }.start()
        }
    }
}
