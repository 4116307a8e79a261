import Pipeline

/// A run as `imgpipe runs` and the `/runs` endpoint list it: the log's record, with the status
/// derived from the pipeline's run lock instead of taken from the log as it is.
struct ListedRun {
    let record: RunRecord
    /// The log's status, except `abandoned` for a run that no live process runs.
    let status: String

    /// The status of a run whose log status is `running` while no live process runs it: its
    /// process died, or was killed, before it recorded the end of the run.
    static let abandoned = "abandoned"

    /// Returns the listings' advice on how to continue abandoned run `runID`.
    static func hint(for runID: RunID) -> String {
        "its process stopped before the run ended; continue it with 'imgpipe resume \(runID.rawValue)' or 'imgpipe run FILE'"
    }

    /// Derives the status of each run. A `running` run is `abandoned` when its pipeline's run
    /// lock is free, or when the process that holds the lock recorded another run. A lock
    /// file that cannot be read leaves the status as the log has it.
    static func list(_ records: [RunRecord], stateDirectory: String) async -> [ListedRun] {
        let pipelines = Set(records.filter { $0.status == RunRecord.running }.map(\.pipeline))
        let locks = await probeLocks(of: pipelines, stateDirectory: stateDirectory)

        return records.map { record in
            guard record.status == RunRecord.running, let lock = locks[record.pipeline] else {
                return ListedRun(record: record, status: record.status)
            }
            return ListedRun(record: record, status: isAbandoned(record, lock: lock) ? abandoned : record.status)
        }
    }

    /// Probes the run lock of each pipeline off the cooperative pool, because it opens files.
    private static func probeLocks(of pipelines: Set<String>, stateDirectory: String) async -> [String: RunLock.State] {
        let states = try? await BlockingWork.run { () -> [String: RunLock.State] in
            var states: [String: RunLock.State] = [:]
            for pipeline in pipelines {
                states[pipeline] = try? RunLock.probe(pipeline: pipeline, stateDirectory: stateDirectory)
            }
            return states
        }
        return states ?? [:]
    }

    private static func isAbandoned(_ record: RunRecord, lock: RunLock.State) -> Bool {
        switch lock {
        case .free:
            return true
        case .held(let holder):
            // A holder that has not recorded its run yet may be continuing this one.
            guard let running = holder.runID else { return false }
            return running != record.id
        }
    }
}
