import Pipeline

/// `imgpipe audit verify`: recompute the event log's hash chain and name the first event that
/// was altered, removed, inserted or reordered.
public struct AuditVerifyCommand: Command {
    public let spec = CommandSpec(
        "audit verify",
        summary: "Check that no event in the log was altered, removed, inserted or reordered.",
        discussion: """
            Recomputes every event's SHA-256 and its link to the event before it. Events whose \
            payload 'imgpipe gc' removed are checked by their links only. Exits 0 when the chain \
            is intact and 6 when it is not, naming the first event that differs.
            """,
        options: [
            .flag("json", help: "Print the result as one JSON document on stdout."),
            .value("against", valueName: "SEQ:HASH", help: "Also check a head printed earlier by 'imgpipe audit checkpoint', which catches a rewrite of the whole chain."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        var checkpoint: ChainHead?
        if let text = invocation.arguments.value("against") {
            guard let parsed = ChainHead(parsing: text) else {
                throw UsageError("invalid --against value '\(text)': expected SEQ:HASH as printed by 'imgpipe audit checkpoint'", command: spec.displayName)
            }
            checkpoint = parsed
        }

        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }
        let result = try await eventLog.verifyChain(against: checkpoint)

        invocation.standardOutput.line(invocation.wantsJSON ? try Self.json(result) : Self.text(result))
        return result.isIntact ? .success : .verificationFailed
    }

    private static func text(_ result: ChainVerification) -> String {
        guard let fault = result.fault else {
            let head = result.head.map { ", head \($0)" } ?? ""
            return "Event log intact: \(result.eventCount) events checked (\(result.prunedCount) by their links only)\(head)."
        }
        return "Event log altered at event \(fault.sequence) (\(summary(of: fault.kind))): \(fault.detail). "
            + "The events before it match their chain; compare the log with a backup or a saved checkpoint to see what changed."
    }

    private static func summary(of kind: ChainVerification.FaultKind) -> String {
        switch kind {
        case .altered: "content changed"
        case .removed: "events removed"
        case .inserted: "event inserted"
        case .reordered: "event moved"
        case .checkpointMismatch: "differs from the checkpoint"
        }
    }

    private static func json(_ result: ChainVerification) throws -> String {
        var document: [String: Any] = [
            "intact": result.isIntact,
            "events": result.eventCount,
            "pruned": result.prunedCount,
        ]
        if let head = result.head {
            document["head"] = ["sequence": head.sequence, "hash": head.hash]
        }
        if let fault = result.fault {
            document["fault"] = ["kind": fault.kind.rawValue, "sequence": fault.sequence, "detail": fault.detail]
        }
        return try RunListing.encode(document)
    }
}
