import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Pipeline
import Webhooks

/// Sends signed webhook deliveries, with a fresh timestamp and signature per attempt.
struct WebhookSender: Sendable {
    let url: URL
    let signer: WebhookSigner
    let timeout: Duration
    let session: URLSession

    init(url: URL, secret: WebhookSecret, timeout: Duration) {
        self.url = url
        self.signer = WebhookSigner(secret: secret)
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(timeout.components.seconds) + 1
        configuration.httpMaximumConnectionsPerHost = 8
        self.session = URLSession(configuration: configuration)
    }

    /// POSTs `body` under the stable `id`; throws a retryable error for 429, 5xx and network
    /// failures, and a final one for other statuses.
    func deliver(id: String, body: Data) async throws -> Int {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        let timestamp = Int64(Date().timeIntervalSince1970)
        for (name, value) in signer.headers(id: id, timestamp: timestamp, body: body) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")

        let session = self.session
        let immutableRequest = request
        let status: Int
        do {
            status = try await withDeadline(timeout) {
                let (_, response) = try await session.upload(for: immutableRequest, from: body)
                return (response as? HTTPURLResponse)?.statusCode ?? 0
            }
        } catch let error as DeadlineExceeded {
            throw StageError("webhook delivery to \(url.absoluteString) \(error)", retryable: true)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StageError("webhook delivery to \(url.absoluteString) failed: \(error.localizedDescription)", retryable: true)
        }

        guard (200..<300).contains(status) else {
            let retryable = status == 429 || status >= 500 || status == 408
            throw StageError("webhook endpoint \(url.absoluteString) answered HTTP \(status)", retryable: retryable)
        }
        return status
    }
}
