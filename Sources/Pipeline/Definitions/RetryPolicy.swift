/// How a stage retries an item whose error is retryable: exponential backoff with full jitter.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public static let `default` = RetryPolicy(
        maxAttempts: 5,
        initialDelay: .seconds(1),
        maxDelay: .seconds(300)
    )

    public init(maxAttempts: Int, initialDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Returns the wait before attempt `attempt + 1`, where `attempt` counts from 1.
    ///
    /// The ceiling doubles per attempt up to `maxDelay`; the wait is drawn uniformly below it
    /// ("full jitter"), so that many items failing together do not retry in lockstep.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(initialDelay * (1 << exponent), maxDelay)
        let fraction = Double.random(in: 0...1)
        return ceiling * fraction
    }
}
