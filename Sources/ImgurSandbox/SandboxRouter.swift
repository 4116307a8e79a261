import Foundation
import HTTPServer
import Synchronization

/// Dispatches sandbox requests to their endpoint, after the injected latency and failures,
/// and adds rate-limit headers to every API response.
final class SandboxRouter: Sendable {
    /// Sender of an API request, from its Authorization header.
    enum Caller {
        case account
        case anonymous
    }

    let configuration: SandboxConfiguration
    let store: SandboxStore
    /// The server's base URL, known once it is bound; links to stored media start with it.
    let baseURL = SharedURL()

    init(configuration: SandboxConfiguration, store: SandboxStore) {
        self.configuration = configuration
        self.store = store
    }

    func route(_ request: HTTPRequest) async -> HTTPResponse {
        let isAPI = request.path.hasPrefix("/3/")
        if isAPI || request.path == "/oauth2/token", configuration.latency > .zero {
            try? await Task.sleep(for: configuration.latency)
        }
        guard isAPI else {
            return await routeOutsideAPI(request)
        }

        let counts = countRequest(request)
        var response: HTTPResponse
        if let failure = injectedFailure() {
            response = failure
        } else {
            response = await routeAPI(request)
        }
        addRateLimitHeaders(to: &response, counts: counts, isPost: request.method == "POST")
        return response
    }

    private func routeOutsideAPI(_ request: HTTPRequest) async -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/oauth2/authorize"), ("POST", "/oauth2/authorize"):
            return authorize(request)
        case ("POST", "/oauth2/token"):
            return token(request)
        case ("GET", _), ("HEAD", _):
            return await media(request)
        default:
            return SandboxReply.error(404, "Not found", request: request)
        }
    }

    private func routeAPI(_ request: HTTPRequest) async -> HTTPResponse {
        let caller: Caller
        switch authenticate(request) {
        case .success(let authenticated): caller = authenticated
        case .failure(let rejection): return rejection.response
        }

        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.method, segments) {
        case ("GET", ["3", "account", "me"]):
            return requireAccount(caller, request) ?? account()
        case ("GET", ["3", "account", "me", "settings"]):
            return requireAccount(caller, request) ?? settings()
        case ("GET", ["3", "account", "me", "images"]):
            return requireAccount(caller, request) ?? accountImages(page: 0)
        case ("GET", let path) where path.count == 5 && path.starts(with: ["3", "account", "me", "images"]):
            return requireAccount(caller, request) ?? accountImages(page: Int(path[4]) ?? 0)
        case ("GET", ["3", "credits"]):
            return credits()
        case ("POST", ["3", "album"]):
            return createAlbum(request, caller: caller)
        case ("POST", ["3", "image"]), ("POST", ["3", "upload"]):
            return await upload(request, caller: caller)
        case ("DELETE", let path) where path.count == 3 && path.starts(with: ["3", "image"]):
            return await delete(path[2], request: request, caller: caller)
        default:
            return SandboxReply.error(404, "Unable to find \(request.method) \(request.path)", request: request)
        }
    }

    /// Returns the injected failure to send instead of the real response, while the configured
    /// count lasts and until `ImgurSandbox.recover()`.
    private func injectedFailure() -> HTTPResponse? {
        guard let status = configuration.failureStatus else { return nil }
        let shouldFail = store.withState { state -> Bool in
            if state.recovered {
                return false
            }
            if let limit = configuration.failureCount, state.failuresServed >= limit {
                return false
            }
            state.failuresServed += 1
            return true
        }
        guard shouldFail else { return nil }
        return configuration.htmlErrorPages ? SandboxReply.htmlPage(status) : SandboxReply.overCapacity(status)
    }

    private struct Rejection: Error {
        var response: HTTPResponse
    }

    private func authenticate(_ request: HTTPRequest) -> Result<Caller, Rejection> {
        let header = request.header("Authorization") ?? ""
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            return .failure(Rejection(response: SandboxReply.error(401, "Authentication required", request: request)))
        }

        switch parts[0].lowercased() {
        case "bearer" where store.isValidAccessToken(parts[1]):
            return .success(.account)
        case "client-id" where parts[1] == configuration.clientID:
            return .success(.anonymous)
        case "bearer":
            return .failure(Rejection(response: SandboxReply.error(403, "The access token provided is invalid.",
                                                                   request: request)))
        default:
            return .failure(Rejection(response: SandboxReply.error(403, "Invalid client_id", request: request)))
        }
    }

    private func requireAccount(_ caller: Caller, _ request: HTTPRequest) -> HTTPResponse? {
        guard case .anonymous = caller else { return nil }
        return SandboxReply.error(401, "Authentication required", request: request)
    }

    private struct RequestCounts {
        var hourlyRequests: Int
        var hourlyPosts: Int
        var dailyRequests: Int
        var uploads: Int
        var hourStart: Date
        var dayStart: Date
    }

    private func countRequest(_ request: HTTPRequest) -> RequestCounts {
        let now = Date()
        return store.withState { state in
            if now.timeIntervalSince(state.hourStart) >= 3600 {
                (state.hourStart, state.hourlyRequests, state.hourlyPosts) = (now, 0, 0)
            }
            if now.timeIntervalSince(state.dayStart) >= 86400 {
                (state.dayStart, state.dailyRequests) = (now, 0)
            }
            state.hourlyRequests += 1
            state.dailyRequests += 1
            if request.method == "POST" {
                state.hourlyPosts += 1
            }
            return RequestCounts(hourlyRequests: state.hourlyRequests, hourlyPosts: state.hourlyPosts,
                                 dailyRequests: state.dailyRequests, uploads: state.uploads,
                                 hourStart: state.hourStart, dayStart: state.dayStart)
        }
    }

    /// Adds Imgur's headers for its documented budgets: 500 requests per user an hour, 12,500
    /// per client a day and 1,250 POSTs an hour. The user reset is an epoch time and the others
    /// are seconds from now, as Imgur has sent both forms. A spent upload budget shows as zero
    /// remaining in its scope.
    private func addRateLimitHeaders(to response: inout HTTPResponse, counts: RequestCounts, isPost: Bool) {
        let budgetSpent = configuration.uploadBudget.map { counts.uploads >= $0 } ?? false
        let userSpent = budgetSpent && configuration.rateLimitScope == .user
        let clientSpent = budgetSpent && configuration.rateLimitScope == .client
        let now = Date()
        let hourEnd = counts.hourStart.addingTimeInterval(3600)
        let dayEnd = counts.dayStart.addingTimeInterval(86400)

        response.headers["X-RateLimit-UserLimit"] = "500"
        response.headers["X-RateLimit-UserRemaining"] = String(userSpent ? 0 : max(0, 500 - counts.hourlyRequests))
        response.headers["X-RateLimit-UserReset"] = String(Int(hourEnd.timeIntervalSince1970))
        response.headers["X-RateLimit-ClientLimit"] = "12500"
        response.headers["X-RateLimit-ClientRemaining"] = String(clientSpent ? 0 : max(0, 12_500 - counts.dailyRequests))
        response.headers["X-RateLimit-ClientReset"] = String(Int(dayEnd.timeIntervalSince(now).rounded()))
        if isPost {
            response.headers["X-Post-Rate-Limit-Limit"] = "1250"
            response.headers["X-Post-Rate-Limit-Remaining"] = String(max(0, 1250 - counts.hourlyPosts))
            response.headers["X-Post-Rate-Limit-Reset"] = String(Int(hourEnd.timeIntervalSince(now).rounded()))
        }
    }
}

/// A URL set once after creation and read from any thread.
final class SharedURL: Sendable {
    private let value = Mutex<URL?>(nil)

    func set(_ url: URL) {
        value.withLock { $0 = url }
    }

    func get() -> URL? {
        value.withLock { $0 }
    }
}
