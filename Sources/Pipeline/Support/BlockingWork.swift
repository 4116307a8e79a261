import Dispatch

/// Runs blocking calls (file hashing, libvips decoding, fsync) on Dispatch threads instead of
/// the cooperative pool, which has only as many threads as cores and stalls every task when one
/// of them blocks.
public enum BlockingWork {
    private static let queue = DispatchQueue(label: "imgpipe.blocking-work", qos: .userInitiated, attributes: .concurrent)

    public static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Swift.Result { try body() })
            }
        }
    }
}
