/// The error thrown when an operation ran past its total deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let limit: Duration

    public var description: String {
        "timed out after \(limit)"
    }
}

/// Runs `operation`, cancelling it and throwing `DeadlineExceeded` once `limit` has passed.
///
/// URLSession's timeouts are idle timeouts, so a slow but steady peer could otherwise hold a
/// request open for ever.
public func withDeadline<Value: Sendable>(
    _ limit: Duration,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }

        guard let first = try await group.next(), let value = first else {
            throw DeadlineExceeded(limit: limit)
        }
        return value
    }
}
