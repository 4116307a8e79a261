import Foundation
import Pipeline
import Stages

/// Redraws one status line on standard error while a run goes on: counts, rate and how many
/// items each stage holds. Silent when standard error is not a terminal, so logs and pipes get
/// no control characters.
final class ProgressLine: Sendable {
    private let task: Task<Void, Never>?

    init(runner: PipelineRunner, gate: RateLimitGate? = nil, enabled: Bool) {
        guard enabled, isatty(STDERR_FILENO) == 1 else {
            task = nil
            return
        }
        let started = ContinuousClock.now
        task = Task {
            while !Task.isCancelled {
                ProgressLine.draw(runner.progress, pause: gate?.currentPause(), since: started)
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    func stop() {
        guard let task else { return }
        task.cancel()
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private static func draw(_ progress: RunProgress, pause: RateLimitGate.Pause?, since start: ContinuousClock.Instant) {
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(progress.finished) / seconds : 0
        let stages = progress.inStage
            .filter { $0.value > 0 }
            .sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
        let counts = "\(progress.discovered) found, \(progress.done) done, \(progress.failed) failed, \(progress.skipped) skipped"
        let detail = stages.isEmpty ? "" : " [\(stages)]"
        let paused = pause.map { " (uploads paused for rate limit until \(timeOfDay($0.until)))" } ?? ""
        let line = "\r\u{1B}[K\(counts), \(String(format: "%.1f", rate))/s\(detail)\(paused)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func timeOfDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}
