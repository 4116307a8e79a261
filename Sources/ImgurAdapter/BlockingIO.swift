import Dispatch

/// Runs blocking file work on a Dispatch queue, off the cooperative thread pool.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "imgpipe.imgur-adapter.file-io", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
