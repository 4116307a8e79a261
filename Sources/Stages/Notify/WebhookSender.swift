import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ImgurAdapter
import Pipeline
import Webhooks

/// Sends signed webhook requests, with a fresh timestamp and signature per attempt.
struct WebhookSender: Sendable {
    /// The result of one delivery attempt.
    struct Response: Sendable {
        /// The HTTP status, or nil when no response arrived (refused, timed out).
        var status: Int?
        /// The wait the endpoint asked for with `Retry-After`.
        var retryAfter: Duration?
        /// Why the attempt failed, for the log; nil on a 2xx status.
        var error: String?

        var isSuccess: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    let url: URL
    let signer: WebhookSigner
    /// Total time limit of one attempt: connecting, sending and reading the response.
    let timeout: Duration
    let session: URLSession

    init(url: URL, secret: WebhookSecret, timeout: Duration, maxConnections: Int) {
        self.url = url
        self.signer = WebhookSigner(secret: secret)
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(timeout.components.seconds) + 1
        configuration.httpMaximumConnectionsPerHost = max(maxConnections, 1)
        self.session = URLSession(configuration: configuration)
    }

    /// POSTs `body` once under the stable `id`, signed now; never throws except on cancellation.
    func attempt(id: String, body: Data) async throws -> Response {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        let timestamp = Int64(Date().timeIntervalSince1970)
        for (name, value) in signer.headers(id: id, timestamp: timestamp, body: body) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")

        let session = self.session
        let immutableRequest = request
        do {
            // Stopping the outbox cancels attempts in flight. The call is abandoned rather than
            // cancelled, because cancelling URLSession's async calls can deadlock or trap.
            let response = try await withDeadline(timeout) {
                try await UncancelledCall.run {
                    let (_, response) = try await session.upload(for: immutableRequest, from: body)
                    return response as? HTTPURLResponse
                }
            }
            let status = response?.statusCode ?? 0
            guard !(200..<300).contains(status) else { return Response(status: status) }
            return Response(
                status: status,
                retryAfter: RetryAfter.parse(response?.value(forHTTPHeaderField: "Retry-After")),
                error: "webhook endpoint \(URLRedaction.redact(url.absoluteString)) answered HTTP \(status)"
            )
        } catch let error as DeadlineExceeded {
            return Response(error: "webhook delivery to \(URLRedaction.redact(url.absoluteString)) \(error)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return Response(error: "webhook delivery to \(URLRedaction.redact(url.absoluteString)) failed: \(error.localizedDescription)")
        }
    }
}

/// The `Retry-After` header: seconds, or an HTTP date.
enum RetryAfter {
    static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Int(text) {
            return .seconds(max(0, seconds))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
    }
}
