import Synchronization

/// Counts of attempts by result, such as the webhook delivery attempts of one run, safe to
/// update from any task and to read from the `/metrics` handler of `serve`.
public final class ResultCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    public func increment(_ result: String) {
        counts.withLock { $0[result, default: 0] += 1 }
    }

    public var snapshot: [String: Int] {
        counts.withLock { $0 }
    }
}
