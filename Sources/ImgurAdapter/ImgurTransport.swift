import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests to the API with a total deadline each, and records the rate-limit headers
/// of every response.
final class ImgurTransport: Sendable {
    enum Body: Sendable {
        case none
        case form([(name: String, value: String)])
        case data(Data, contentType: String)
        case file(URL, contentType: String)
    }

    private let session: URLSession
    private let lastRateLimit = Mutex<ImgurRateLimit?>(nil)

    init(configuration: ImgurConfiguration) {
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maxConnectionsPerHost
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.urlCache = nil
        session = URLSession(configuration: sessionConfiguration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    var rateLimit: ImgurRateLimit? {
        lastRateLimit.withLock { $0 }
    }

    /// Sends one request. HTTP error statuses are returned, not thrown; only transport
    /// failures and a passed `deadline` throw, as `ImgurError.Kind.transport`.
    func send(
        _ method: String,
        _ url: URL,
        headers: [String: String],
        body: Body,
        deadline: Duration
    ) async throws -> ImgurHTTPResponse {
        var request = URLRequest(url: url)
        request.httpMethod = method
        // URLSession's timeout is an idle timeout; the total deadline is enforced below.
        request.timeoutInterval = TimeInterval(deadline.components.seconds) + 1
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }

        let label = "\(method) \(url.path)"
        let response = try await withDeadline(deadline, label: label) { [session, request] in
            try await UncancelledCall.run { try await Self.perform(request, body: body, session: session) }
        }
        if let rateLimit = ImgurRateLimit(headers: response.headers) {
            lastRateLimit.withLock { $0 = rateLimit }
        }
        return response
    }

    private static func perform(_ request: URLRequest, body: Body, session: URLSession) async throws -> ImgurHTTPResponse {
        var request = request
        let data: Data
        let response: URLResponse
        switch body {
        case .none:
            (data, response) = try await session.data(for: request)
        case .form(let fields):
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(FormEncoding.encode(fields).utf8)
            (data, response) = try await session.data(for: request)
        case .data(let body, let contentType):
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = body
            (data, response) = try await session.data(for: request)
        case .file(let file, let contentType):
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            (data, response) = try await session.upload(for: request, fromFile: file)
        }

        guard let http = response as? HTTPURLResponse else {
            throw ImgurError(kind: .unexpectedResponse, detail: "the response is not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return ImgurHTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// Runs `operation`, cancelling it and throwing a transport error when `deadline` passes.
    /// The URLSession call inside is abandoned rather than cancelled (see `UncancelledCall`).
    private func withDeadline(
        _ deadline: Duration,
        label: String,
        operation: @escaping @Sendable () async throws -> ImgurHTTPResponse
    ) async throws -> ImgurHTTPResponse {
        do {
            return try await withThrowingTaskGroup(of: ImgurHTTPResponse.self) { group in
                group.addTask(operation: operation)
                group.addTask {
                    try await Task.sleep(for: deadline)
                    throw ImgurError(kind: .transport,
                                     detail: "no complete response within \(Self.format(deadline))", request: label)
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    throw CancellationError()
                }
                return first
            }
        } catch let error as ImgurError {
            throw error.request == nil ? error.with(request: label) : error
        } catch let error as URLError {
            throw ImgurError(kind: .transport, detail: "could not reach \(error.failingURL?.host ?? "the API"): "
                             + "\(Self.describe(error))", request: label)
        }
    }

    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .timedOut: return "the connection was idle too long"
        case .cannotConnectToHost: return "the connection was refused"
        case .cannotFindHost: return "the host name was not found"
        case .networkConnectionLost: return "the connection was lost"
        case .cancelled: return "the request was cancelled"
        default: return "URL error \(error.code.rawValue)"
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}

extension ImgurError {
    func with(request: String) -> ImgurError {
        ImgurError(kind: kind, status: status, detail: detail, code: code,
                   retryAfter: retryAfter, scope: scope, request: request)
    }
}
