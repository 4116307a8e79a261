import Foundation

extension Duration {
    /// The duration in seconds as a floating-point number, for `Date` arithmetic.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
