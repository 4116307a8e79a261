import Synchronization

/// Per-stage latency histograms and attempt counts of one run, for `/metrics` under `serve`.
public final class StageMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds; Prometheus adds `+Inf`.
    public static let bucketBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// One stage's observations so far.
    public struct Stage: Sendable {
        /// Count of attempts at or below each bound of `bucketBounds`, cumulative.
        public var buckets = [Int](repeating: 0, count: StageMetrics.bucketBounds.count)
        public var count = 0
        public var sumSeconds = 0.0
        /// Attempts by result: `ok`, `skipped`, `retry` or `failed`.
        public var results: [String: Int] = [:]
    }

    private let stages = Mutex<[String: Stage]>([:])

    public init() {}

    public var snapshot: [String: Stage] {
        stages.withLock { $0 }
    }

    func record(_ stage: StageType, seconds: Double, result: String) {
        stages.withLock { stages in
            var entry = stages[stage.rawValue] ?? Stage()
            for (index, bound) in Self.bucketBounds.enumerated() where seconds <= bound {
                entry.buckets[index] += 1
            }
            entry.count += 1
            entry.sumSeconds += seconds
            entry.results[result, default: 0] += 1
            stages[stage.rawValue] = entry
        }
    }
}
