import Foundation

/// When failed webhook deliveries are tried again: exponential backoff with jitter.
///
/// The default, 8 attempts with waits of about 5 s, 30 s, 3 min, 18 min, 1.8 h, then 10 h,
/// follows the shape of the Standard Webhooks recommendation (immediately, 5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h, 10 h) with one multiplier instead of a table.
struct DeliverySchedule: Sendable {
    var maxAttempts = 8
    var firstDelay: Duration = .seconds(5)
    var maxDelay: Duration = .seconds(36_000)
    var multiplier = 6.0
    /// Each wait is moved at random by up to this fraction either way, so that deliveries
    /// that failed together do not retry in lockstep.
    var jitter = 0.2

    /// Returns the wait after failed attempt number `attempt` (counting from 1).
    func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 40))
        let base = min(firstDelay.seconds * pow(multiplier, exponent), maxDelay.seconds)
        let factor = 1 + Double.random(in: -jitter...jitter)
        return .milliseconds(Int64(base * factor * 1000))
    }
}

