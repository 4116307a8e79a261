import Foundation
import HTTPServer
import Pipeline

/// `/runs` of `serve`: each served pipeline's current state, and the recent runs the event
/// log holds, including those of earlier service lifetimes and of `imgpipe run`.
struct RunsEndpoint: Sendable {
    let registry: ServiceRegistry
    let eventLog: LazyEventLog
    /// The folder of the event log and the run locks, for telling abandoned runs apart.
    let stateDirectory: String
    let logger: Logger

    static let defaultLimit = 20
    /// Upper bound of `?limit=`, which keeps one response small.
    static let maxLimit = 500

    /// Responds with `{"runs": [...], "recent_runs": [...]}`: `runs` lists the served pipelines
    /// and `recent_runs` the log's runs, newest first. `?limit=N` caps `recent_runs`, and
    /// `?pipeline=NAME` keeps one pipeline's.
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let limitText = request.query["limit"] ?? String(Self.defaultLimit)
        guard let limit = Int(limitText), (1...Self.maxLimit).contains(limit) else {
            return .text(status: 400, "invalid limit '\(limitText)' for /runs; use a whole number from 1 to \(Self.maxLimit)\n")
        }
        let pipeline = request.query["pipeline"].flatMap { $0.isEmpty ? nil : $0 }

        let records: [RunRecord]
        do {
            records = try await eventLog.get().runs(limit: limit, pipeline: pipeline)
        } catch {
            logger.error("cannot read the runs for /runs", ["path": eventLog.path, "error": "\(error)"])
            return .text(status: 500, "cannot read the runs from \(eventLog.path): \(error); check that the state directory is readable and writable\n")
        }
        let served = registry.pipelines
        let listed = await ListedRun.list(records, stateDirectory: stateDirectory)
        let document: [String: Any] = [
            "runs": served.map(Self.pipelineDocument),
            "recent_runs": listed.map { Self.runDocument($0, served: served) },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return .json(data)
    }

    /// Returns a served pipeline with its state and, while it runs, the counts of its current run.
    private static func pipelineDocument(_ pipeline: ServiceRegistry.ServedPipeline) -> [String: Any] {
        var document: [String: Any] = ["pipeline": pipeline.name, "definition_path": pipeline.definitionPath]
        if let runner = pipeline.runner {
            document["run_id"] = runner.context.runID.rawValue
            document.merge(progressCounts(runner.progress)) { _, new in new }
        }
        document["state"] = state(of: pipeline)
        if let reason = pipeline.pausedReason { document["paused_reason"] = reason }
        if let failure = pipeline.failure { document["error"] = failure }
        return document
    }

    private static func state(of pipeline: ServiceRegistry.ServedPipeline) -> String {
        if pipeline.failure != nil { return "failed" }
        if pipeline.pausedReason != nil { return "paused" }
        if pipeline.isFinished { return "finished" }
        return "running"
    }

    /// Returns a run as `imgpipe runs --json` lists it. A run that a served pipeline is running
    /// has no summary in the log yet, so it gets the runner's counts as `progress` instead.
    private static func runDocument(_ run: ListedRun, served: [ServiceRegistry.ServedPipeline]) -> [String: Any] {
        var document = RunListing.runDocument(run)
        let runner = served.lazy.compactMap(\.runner).first { $0.context.runID == run.record.id }
        if let runner, run.status == RunRecord.running {
            document["progress"] = progressCounts(runner.progress)
        }
        return document
    }

    private static func progressCounts(_ progress: RunProgress) -> [String: Any] {
        ["discovered": progress.discovered, "done": progress.done, "failed": progress.failed, "skipped": progress.skipped]
    }
}
