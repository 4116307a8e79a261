import Foundation

extension Imaging {
    /// Runs blocking libvips work on a new thread and returns its result, so decoding never
    /// occupies the cooperative thread pool, which has only as many threads as cores.
    ///
    /// Each call starts one thread, so callers bound the number of concurrent calls (a stage's
    /// concurrency does).
    public static func runBlocking<Result: Sendable>(
        _ work: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Swift.Result { try work() })
            }
            thread.name = "imgpipe.imaging"
            thread.start()
        }
    }
}
