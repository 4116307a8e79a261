import Foundation
import SQLite

extension EventLog {
    /// Recomputes the hash chain in one streaming read and returns the first event that was
    /// altered, removed, inserted or reordered. With `checkpoint`, also checks that the event
    /// at its sequence number still has its hash, which catches a rewrite of the whole chain.
    public func verifyChain(against checkpoint: ChainHead? = nil) async throws -> ChainVerification {
        try await reader.read { database in
            var walk = ChainWalk(database: database)
            try walk.run()
            var fault = walk.fault
            if fault == nil, let checkpoint {
                fault = try Self.checkCheckpoint(checkpoint, in: database)
            }
            return ChainVerification(eventCount: walk.eventCount, prunedCount: walk.prunedCount, head: walk.head, fault: fault)
        }
    }

    /// Returns the newest event's sequence number and hash, or nil for an empty log.
    public func chainHead() async throws -> ChainHead? {
        try await reader.read { database in
            try database.query("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1") { row in
                ChainHead(sequence: try row.int64(at: 0), hash: try row.text(at: 1) ?? "")
            }.first
        }
    }

    private static func checkCheckpoint(_ checkpoint: ChainHead, in database: Database) throws -> ChainVerification.Fault? {
        let stored = try database.query("SELECT hash FROM events WHERE seq = ?", [.integer(checkpoint.sequence)]) {
            try $0.text(at: 0) ?? ""
        }
        guard let hash = stored.first else {
            return .init(kind: .checkpointMismatch, sequence: checkpoint.sequence,
                         detail: "the checkpoint's event \(checkpoint.sequence) is no longer in the log")
        }
        guard hash == checkpoint.hash else {
            return .init(kind: .checkpointMismatch, sequence: checkpoint.sequence,
                         detail: "event \(checkpoint.sequence) has hash \(hash), but the checkpoint recorded \(checkpoint.hash): the chain was rewritten")
        }
        return nil
    }
}
