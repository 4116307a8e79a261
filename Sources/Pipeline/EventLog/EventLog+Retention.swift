import Foundation
import SQLite

extension EventLog {
    /// Drops the payloads of the events of every run that ended before `cutoff`, and returns
    /// those runs. Each event keeps its row, sequence number and chain hashes, so
    /// `verifyChain` still checks every link; only its content can no longer be checked.
    /// Runs still `running` or `interrupted` are kept whole, because resume needs their events.
    public func pruneRuns(endedBefore cutoff: Date) async throws -> [RunID] {
        let cutoffMilliseconds = cutoff.millisecondsSince1970
        let ended = RunRecord.finalStatuses.subtracting(RunRecord.resumableStatuses).sorted()
        let placeholders = ended.map { _ in "?" }.joined(separator: ", ")

        // NOTE: the bodies of these runs' webhook deliveries stay in `webhook_deliveries`;
        // they are outside the chain, and only event payloads are removed here.
        return try await writer.performReturning { database in
            let runs = try database.query(
                "SELECT id FROM runs WHERE finished_at < ? AND status IN (\(placeholders)) ORDER BY started_at",
                [.integer(cutoffMilliseconds)] + ended.map { .text($0) }
            ) { RunID(rawValue: try $0.text(at: 0) ?? "") }

            for run in runs {
                try database.execute(
                    "UPDATE events SET payload = '{}', pruned = 1 WHERE run_id = ? AND pruned = 0", [.text(run.rawValue)]
                )
            }
            return runs
        }
    }
}
