import Foundation
import Testing

/// Kills the built binary with SIGKILL at many moments of a run of many small images, then
/// continues the run, and checks that nothing was lost or sent twice.
///
/// The default test kills one run at 20 moments in turn, continuing it after each kill, which
/// keeps it to seconds. `scripts/crash-harness.sh` sets `IMGPIPE_CRASH_TRIALS`, which also
/// runs that many independent trials, each a fresh run killed once and then finished.
/// `IMGPIPE_CRASH_FILES` sets the number of images (200 by default).
@Suite("Crash harness", .serialized)
struct CrashHarnessTests {
    static let environment = ProcessInfo.processInfo.environment
    static let files = Int(environment["IMGPIPE_CRASH_FILES"] ?? "") ?? 200
    static let moments = 20
    static let longTrials = Int(environment["IMGPIPE_CRASH_TRIALS"] ?? "") ?? 0
    /// Events a finished item leaves: discovery, a start and a finish per stage, and the
    /// webhook's queued and delivered events.
    static let eventsPerItem = 13

    static let images: [Data] = (0..<files).map { TinyPNG.data(width: 6, height: 6, seed: $0 + 1) }

    @Test("SIGKILL at 20 moments of one run loses nothing")
    func killRepeatedly() async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(5))
        defer { run.stopInBackground() }

        // Moments spread over the first 90% of the run's expected events, so that kills land
        // in every stage. Each later process continues the run and is killed at the next
        // moment. On a loaded machine a process can finish the run before the test detects its
        // moment. The test then checks that process's own summary.
        let expectedEvents = Self.files * Self.eventsPerItem * 9 / 10
        var kills = 0
        var last: CrashTrial.Interruption?
        for moment in 0..<Self.moments {
            let threshold = expectedEvents * (2 * moment + 1) / (2 * Self.moments)
            let ended = try await run.interrupt(afterEvents: threshold, with: SIGKILL)
            run.checkNothingTwice(label: "after the kill at event \(threshold)")
            last = ended
            guard ended.killedBySignal else { break }
            kills += 1
        }
        #expect(kills >= Self.moments - 2, "only \(kills) of \(Self.moments) processes were still running when killed")

        let summary = try await run.finish(after: last)
        #expect(summary.failed == 0, "\(summary.failed) items failed after the last resume")
        #expect(summary.done + summary.skipped == Self.files)
        try await run.checkInvariants(runID: summary.runID, label: "after \(kills) kills")
    }

    @Test("SIGKILL in a fresh run, then resume", .enabled(if: longTrials > 0), arguments: 0..<max(longTrials, 1))
    func killOnceAndResume(trial: Int) async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(5))
        defer { run.stopInBackground() }

        let expectedEvents = Self.files * Self.eventsPerItem
        let threshold = Int.random(in: 1..<expectedEvents)
        let ended = try await run.interrupt(afterEvents: threshold, with: SIGKILL)
        run.checkNothingTwice(label: "trial \(trial), kill at event \(threshold)")

        let summary = try await run.finish(after: ended)
        #expect(summary.failed == 0, "trial \(trial): \(summary.failed) items failed after the resume")
        try await run.checkInvariants(runID: summary.runID, label: "trial \(trial), kill at event \(threshold)")
    }

    @Test("SIGTERM drains within the deadline and resumes")
    func terminateDrainsAndResumes() async throws {
        let run = try CrashTrial(images: Self.images, latency: .milliseconds(5))
        defer { run.stopInBackground() }

        let moment = Self.files * Self.eventsPerItem / 3
        let stopped = try await run.interrupt(afterEvents: moment, with: SIGTERM, extraArguments: ["--drain-timeout", "5s"])
        #expect(stopped.status == 143, "a drained SIGTERM exits with 143; the child \(stopped.exit)")
        #expect(stopped.exitDelay < .seconds(8), "draining took \(stopped.exitDelay), over the 5 s deadline and a margin")

        let summary = try await run.resume()
        #expect(summary.failed == 0)
        try await run.checkInvariants(runID: summary.runID, label: "after SIGTERM at event \(moment)")
    }
}
