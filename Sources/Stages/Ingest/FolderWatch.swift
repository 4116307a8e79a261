import Foundation
import Pipeline
import Synchronization

/// The source of a watching ingest stage: reports the files already in the folder, then every
/// file that arrives, until intake stops.
///
/// A file is taken once its size and modification time stayed the same for `stableFor`, so a
/// file still being copied is not read half-written. A file reported again with the same size
/// and time is not taken twice. Full rescans every `rescanEvery`, after an inotify queue
/// overflow and when a folder arrives catch files that raised no event.
final class FolderWatch: Sendable {
    let walker: FolderWalker
    let stableFor: Duration
    let rescanEvery: Duration
    private let intake = IntakeSwitch()
    /// At most one tick waits in the signal stream, so that a loop held up by backpressure for
    /// hours does not collect a tick per poll interval.
    private let tickPending = Atomic<Bool>(false)

    init(walker: FolderWalker, stableFor: Duration, rescanEvery: Duration) {
        self.walker = walker
        self.stableFor = stableFor
        self.rescanEvery = rescanEvery
    }

    /// Ends `run` at its next signal; files that arrive later are left for the next start.
    func stop() {
        intake.stop()
    }

    /// Watches until `stop()` or cancellation, passing each settled file to `take`.
    func run(
        take: @Sendable (String, Int64) async throws -> Void,
        problem: @Sendable (String, String) async throws -> Void
    ) async throws {
        guard FileIdentity(path: walker.root)?.isDirectory == true else {
            throw StageError("the ingest folder '\(walker.root)' does not exist or is not a folder; check the stage's `path`")
        }
        // Watching starts before the first scan, so that no file falls between the two.
        let events = try FolderEvents(root: walker.root, recursive: walker.recursive)
        try await run(events: events, take: take, problem: problem)
    }

    /// Watches with `events`, which must already watch the folder, until `stop()` or
    /// cancellation; stops `events` when it returns.
    func run(
        events: FolderEvents,
        take: @Sendable (String, Int64) async throws -> Void,
        problem: @Sendable (String, String) async throws -> Void
    ) async throws {
        let (signals, continuation) = AsyncStream.makeStream(of: WatchSignal.self)
        guard intake.attach(continuation) else {
            events.stop()
            return
        }
        let forwarding = Task {
            for await event in events.events {
                continuation.yield(.folder(event))
            }
        }
        let ticking = Task { [pollInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: pollInterval)
                if !self.tickPending.exchange(true, ordering: .acquiringAndReleasing) {
                    continuation.yield(.tick)
                }
            }
        }
        defer {
            events.stop()
            forwarding.cancel()
            ticking.cancel()
            continuation.finish()
        }

        var state = WatchState()
        try await rescan(&state, problem: problem)
        for await signal in signals {
            switch signal {
            case .stop:
                return
            case .folder(.arrived(let path)):
                if isCandidate(path) { state.notice(path) }
            case .folder(.folderArrived), .folder(.overflow):
                try await rescan(&state, problem: problem)
            case .tick:
                tickPending.store(false, ordering: .releasing)
                for (path, size) in state.settled(after: stableFor) {
                    if intake.isStopped { return }
                    try await take(path, size)
                }
                if ContinuousClock.now - state.lastScan >= rescanEvery {
                    try await rescan(&state, problem: problem)
                }
            }
        }
    }

    private var pollInterval: Duration {
        max(.milliseconds(50), min(.milliseconds(250), stableFor / 4))
    }

    private func isCandidate(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        guard !FolderWalker.isIgnored(name), path.hasPrefix(walker.root) else { return false }
        var relative = String(path.dropFirst(walker.root.count))
        while relative.hasPrefix("/") { relative.removeFirst() }
        return walker.matches(relative)
    }

    /// Lists the whole tree and notes every file not taken yet; a problem is reported once
    /// per path rather than at every rescan.
    private func rescan(_ state: inout WatchState, problem: @Sendable (String, String) async throws -> Void) async throws {
        var found: [FolderWalker.Entry] = []
        try await walker.walk { found.append($0) }
        state.forgetTaken(except: Set(found.compactMap { entry in
            if case .file(let path, _) = entry { return path }
            return nil
        }))
        for entry in found {
            switch entry {
            case .file(let path, _):
                state.notice(path)
            case .problem(let path, let message):
                if state.reportedProblems.insert(path).inserted {
                    try await problem(path, message)
                }
            }
        }
        state.lastScan = .now
    }
}

/// What wakes the watch loop.
enum WatchSignal: Sendable {
    case folder(FolderEvents.Event)
    case tick
    case stop
}

/// Lets the runner's stop request reach a watch loop that waits for the next file.
final class IntakeSwitch: Sendable {
    private struct State {
        var stopped = false
        var continuation: AsyncStream<WatchSignal>.Continuation?
    }
    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Connects a watch loop; false when intake already stopped.
    func attach(_ continuation: AsyncStream<WatchSignal>.Continuation) -> Bool {
        state.withLock { state in
            state.continuation = continuation
            return !state.stopped
        }
    }

    func stop() {
        let continuation = state.withLock { state in
            state.stopped = true
            return state.continuation
        }
        continuation?.yield(.stop)
    }
}
