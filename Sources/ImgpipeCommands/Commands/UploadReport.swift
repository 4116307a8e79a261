import Foundation
import Pipeline

/// Prints what `imgpipe upload` did per file, read back from the run's events, and picks the
/// exit code like `run` does.
struct UploadReport {
    let invocation: Invocation

    /// One file's result.
    struct FileResult: Encodable {
        var path: String
        var status: String
        var id: String?
        var link: String?
        var deletehash: String?
        var reason: String?
    }

    func print(_ outcome: PipelineExecution.Outcome) async throws -> ExitCode {
        guard case .finished(let summary, _, _) = outcome else {
            return try RunReport(invocation: invocation).print(outcome)
        }
        let results = try await fileResults(RunID(rawValue: summary.runID))
        if invocation.wantsJSON {
            try invocation.printJSON(UploadDocument(runID: summary.runID, files: results))
        } else {
            results.forEach { invocation.standardOutput.line(text(for: $0)) }
        }
        return exitCode(summary, results)
    }

    /// 5 when every failed file failed because Imgur kept failing or could not be reached, as
    /// for other one-shot commands; 1 when some file itself was the problem.
    private func exitCode(_ summary: RunSummary, _ results: [FileResult]) -> ExitCode {
        let failures = results.filter { $0.status == "failed" }
        guard summary.failed > 0 || !failures.isEmpty else { return .success }

        // NOTE: recognizes the adapter's advice text for server and transport errors, because
        // the event log keeps only the message of a failure, not its kind.
        let unavailable = failures.allSatisfy { failure in
            let reason = failure.reason ?? ""
            return reason.contains("Imgur failed on its side") || reason.contains("Check the network")
        }
        return unavailable ? .imgurUnavailable : .itemsFailed
    }

    private func text(for result: FileResult) -> String {
        switch result.status {
        case "uploaded":
            return "\(result.path): \(result.link ?? "") (id \(result.id ?? "?"), deletehash \(result.deletehash ?? "none"))"
        default:
            return "\(result.path): \(result.status)" + (result.reason.map { ": \($0)" } ?? "")
        }
    }

    private func fileResults(_ runID: RunID) async throws -> [FileResult] {
        let eventLog = try EventLog.open(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }

        var results: [String: FileResult] = [:]
        var order: [String] = []
        for event in try await eventLog.events(run: runID) {
            guard let item = event.itemID else { continue }
            apply(event, to: &results[item, default: FileResult(path: "", status: "unfinished")])
            if !order.contains(item) { order.append(item) }
        }
        return order.compactMap { results[$0] }
    }

    private func apply(_ event: LoggedEvent, to result: inout FileResult) {
        let payload = event.payload
        switch (event.type, event.stage) {
        case ("item.discovered", _):
            result.path = Self.string(payload["path"]) ?? result.path
        case ("stage.finished", "upload"?):
            result.status = "uploaded"
            result.id = Self.string(payload["id"])
            result.link = Self.string(payload["link"])
            result.deletehash = Self.string(payload["deletehash"])
        case ("item.skipped", _):
            result.status = "skipped"
            result.reason = Self.string(payload["reason"])
        case ("item.failed", _):
            result.status = "failed"
            result.reason = Self.string(payload["error"]) ?? Self.string(payload["message"])
        default:
            break
        }
    }

    private static func string(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value else { return nil }
        return text
    }
}

private struct UploadDocument: Encodable {
    var runID: String
    var files: [UploadReport.FileResult]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case files
    }
}
