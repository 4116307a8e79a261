import Foundation
import Pipeline

/// Prints the end of a run, as text or JSON, and picks its exit code.
struct RunReport {
    let invocation: Invocation

    func print(_ outcome: PipelineExecution.Outcome) throws -> ExitCode {
        switch outcome {
        case .finished(let summary, let stop):
            try show(summary)
            return exitCode(summary, stop: stop)
        case .stopped(let stopped):
            if let summary = stopped.summary, invocation.wantsJSON {
                try show(summary)
            }
            throw CommandFailure(stopped.reason.message, exitCode: exitCode(for: stopped.reason))
        }
    }

    private func show(_ summary: RunSummary) throws {
        if invocation.wantsJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            invocation.standardOutput.line(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        let output = invocation.standardOutput
        output.line("Run \(summary.runID) of '\(summary.pipeline)' \(summary.status): \(summary.done) done, \(summary.failed) failed, \(summary.skipped) skipped" +
            (summary.unfinished > 0 ? ", \(summary.unfinished) unfinished" : "") +
            String(format: " in %.1f s (%.1f items/s)", summary.durationSeconds, summary.itemsPerSecond))
        if summary.webhooksPending > 0 {
            output.line("\(summary.webhooksPending) webhook deliveries still pending; they are sent on the next run, 'imgpipe resume \(summary.runID)' or 'imgpipe webhooks retry'.")
        }
        for failure in summary.failures {
            output.line("  failed \(failure.item) at \(failure.stage): \(failure.path): \(failure.error)")
        }
        if summary.failed > 0 || summary.unfinished > 0 {
            output.line("See every step with: imgpipe events \(summary.runID)")
        }
    }

    private func exitCode(_ summary: RunSummary, stop: StopRequest?) -> ExitCode {
        switch stop {
        case .interrupt?: return .interrupted
        case .terminate?: return .terminated
        case nil: return summary.failed > 0 ? .itemsFailed : .success
        }
    }

    private func exitCode(for reason: RunStopReason) -> ExitCode {
        switch reason {
        case .signInRequired: .signInRequired
        case .rateLimited: .rateLimited
        case .imgurUnavailable: .imgurUnavailable
        }
    }
}
