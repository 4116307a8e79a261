import Foundation
import ImgurAdapter
import Pipeline

/// Turns the adapter's errors into stage errors the runner can act on: what to retry, and
/// which problems stop the whole run instead of one item.
enum ImgurErrorMapping {
    static func perform<Value: Sendable>(_ operation: () async throws -> Value) async throws -> Value {
        do {
            return try await operation()
        } catch let error as ImgurError {
            throw StageError(for: error)
        }
    }

    /// Maps errors like `perform`, except that a transport or server error stops the run as
    /// `imgurUnavailable`, because a stage's setup has no item to fail and retry. The runner
    /// leaves such a run resumable.
    static func performSetup<Value: Sendable>(
        apiURL: URL, runID: RunID, _ operation: () async throws -> Value
    ) async throws -> Value {
        do {
            return try await operation()
        } catch let error as ImgurError where error.kind == .transport || error.kind == .serverError {
            let failure = error.kind == .transport ? "could not reach Imgur at" : "Imgur failed on its side at"
            let message = "\(failure) \(apiURL.absoluteString): \(error.description) " +
                "Run \(runID.rawValue) stays resumable: once Imgur is reachable, continue it with " +
                "'imgpipe resume \(runID.rawValue)' or run the same command again."
            throw StageError(message, stopsRun: .imgurUnavailable(message))
        } catch let error as ImgurError {
            throw StageError(for: error)
        }
    }
}

extension StageError {
    init(for error: ImgurError) {
        let message = error.description
        switch error.kind {
        case .signInRequired, .tokenRejected:
            self.init(
                "\(message) To sign in, set fresh IMGUR_ACCESS_TOKEN and IMGUR_REFRESH_TOKEN, or upload with `anonymous: true`.",
                stopsRun: .signInRequired(message)
            )
        case .rateLimited:
            self.init(RateLimitGate.reason(for: error) + ": " + message, retryable: true, retryAfter: error.retryAfter)
        case .serverError, .transport:
            self.init(message, retryable: true, retryAfter: error.retryAfter)
        case .rejected, .unexpectedResponse:
            self.init(message)
        }
    }
}
