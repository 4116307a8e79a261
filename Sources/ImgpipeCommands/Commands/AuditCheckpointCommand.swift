import Pipeline

/// `imgpipe audit checkpoint`: print the head of the event log's hash chain.
public struct AuditCheckpointCommand: Command {
    public let spec = CommandSpec(
        "audit checkpoint",
        summary: "Print the newest event's sequence number and hash, to store elsewhere.",
        discussion: """
            Prints SEQ:HASH. Keep it outside this machine and check the log against it later \
            with 'imgpipe audit verify --against SEQ:HASH'.
            """,
        options: [
            .flag("json", help: "Print the head as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }

        guard let head = try await eventLog.chainHead() else {
            throw CommandFailure("the event log at \(invocation.locations.eventLogPath) has no events yet: run a pipeline first", exitCode: .usage)
        }
        if invocation.wantsJSON {
            invocation.standardOutput.line(try RunListing.encode(["sequence": head.sequence, "hash": head.hash, "checkpoint": head.description]))
        } else {
            invocation.standardOutput.line(head.description)
        }
        return .success
    }
}
