import Foundation
import Pipeline

/// Prints the end of a run, as text or JSON, and picks its exit code.
struct RunReport {
    let invocation: Invocation

    func print(_ outcome: PipelineExecution.Outcome) throws -> ExitCode {
        switch outcome {
        case .finished(let summary, let stop, let plan):
            try show(summary, plan: plan)
            return exitCode(summary, stop: stop)
        case .stopped(let stopped):
            if let summary = stopped.summary, invocation.wantsJSON {
                try show(summary, plan: [])
            }
            throw CommandFailure(stopped.reason.message, exitCode: exitCode(for: stopped.reason))
        }
    }

    private func show(_ summary: RunSummary, plan: [String]) throws {
        if invocation.wantsJSON {
            try showJSON(summary, plan: plan)
            return
        }
        let output = invocation.standardOutput
        if invocation.arguments.flag("dry-run") {
            output.line("Dry run: nothing was uploaded or sent, and the event log was not changed.")
            plan.forEach { output.line("  \($0)") }
        }
        output.line("Run \(summary.runID) of '\(summary.pipeline)' \(summary.status): \(summary.done) done, \(summary.failed) failed, \(summary.skipped) skipped" +
            (summary.unfinished > 0 ? ", \(summary.unfinished) unfinished" : "") +
            String(format: " in %.1f s (%.1f items/s)", summary.durationSeconds, summary.itemsPerSecond))
        if summary.webhooksPending > 0 {
            output.line("\(summary.webhooksPending) webhook deliveries still pending; they are sent on the next run, 'imgpipe resume \(summary.runID)' or 'imgpipe webhooks retry'.")
        }
        for failure in summary.failures {
            // Most stage errors already name the file; name it here only when they do not.
            let reason = failure.error.contains(failure.path) ? failure.error : "\(failure.path): \(failure.error)"
            output.line("  failed \(failure.item) at \(failure.stage): \(reason)")
        }
        if summary.failed > 0 || summary.unfinished > 0 {
            output.line("See every step with: imgpipe events \(summary.runID)")
        }
    }

    private func showJSON(_ summary: RunSummary, plan: [String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var text = String(decoding: try encoder.encode(summary), as: UTF8.self)
        if invocation.arguments.flag("dry-run"),
           var document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            document["dry_run"] = true
            document["plan"] = plan
            text = try RunListing.encode(document)
        }
        invocation.standardOutput.line(text)
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
