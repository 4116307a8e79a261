/// The outcome of `EventLog.verifyChain`.
public struct ChainVerification: Sendable {
    /// How an event was found to differ from the chain.
    public enum FaultKind: String, Sendable {
        /// The event's content, or its stored hash, was changed.
        case altered
        /// One or more events before this sequence number are missing.
        case removed
        /// The event was added after the fact.
        case inserted
        /// The event was moved from another place in the sequence.
        case reordered
        /// The checkpoint given with `--against` does not match the log.
        case checkpointMismatch = "checkpoint-mismatch"
    }

    /// The first place where the log differs from its chain.
    public struct Fault: Sendable {
        public let kind: FaultKind
        /// The sequence number of the first event that is altered, missing, inserted or moved.
        public let sequence: Int64
        public let detail: String
    }

    /// The number of events read.
    public let eventCount: Int
    /// The number of events whose payload retention dropped: only their links were checked.
    public let prunedCount: Int
    /// The newest event, or nil for an empty log.
    public let head: ChainHead?
    /// The first fault, or nil when the chain is intact.
    public let fault: Fault?

    public var isIntact: Bool {
        fault == nil
    }
}

/// A position in the chain, printed as `SEQ:HASH` by `audit checkpoint` and read back by
/// `audit verify --against`.
public struct ChainHead: Sendable, Equatable, CustomStringConvertible {
    public let sequence: Int64
    public let hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Parses `SEQ:HASH`, returning nil when the text has another form.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0,
              parts[1].count == 64, parts[1].allSatisfy(\.isHexDigit) else { return nil }
        self.init(sequence: sequence, hash: parts[1].lowercased())
    }

    public var description: String {
        "\(sequence):\(hash)"
    }
}
