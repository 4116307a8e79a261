import Crypto
import Foundation
import HTTPServer

/// The HTTP endpoints of `serve`: health, readiness, metrics, the current runs and sign-in.
struct ServiceRoutes: Sendable {
    let registry: ServiceRegistry
    /// The bearer token every request but `/healthz` and the sign-in callback must carry; nil
    /// on a loopback address.
    let authToken: String?
    /// Nil when the client id, client secret or `IMGUR_REDIRECT_URI` is missing.
    let signIn: ServiceSignIn?
    let runs: RunsEndpoint

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/healthz" {
            return .text("ok\n")
        }
        // Imgur redirects the browser here, which cannot add a bearer token; the login's
        // random state protects the callback instead.
        if let signIn, request.path == signIn.callback.path {
            return await signIn.complete(request)
        }
        guard isAuthorized(request) else {
            var response = HTTPResponse.text(status: 401, "missing or invalid bearer token; send 'Authorization: Bearer TOKEN' with the --auth-token value\n")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        }
        switch request.path {
        case "/readyz":
            return readiness()
        case "/metrics":
            var response = HTTPResponse.text(MetricsText.render(registry.pipelines))
            response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        case "/runs":
            return await runs.respond(to: request)
        case "/auth/login":
            guard let signIn else {
                return .text(status: 503, "sign-in through the service needs IMGUR_CLIENT_ID, IMGUR_CLIENT_SECRET and IMGUR_REDIRECT_URI pointing at this service's callback; set them and restart serve\n")
            }
            return signIn.login()
        default:
            return .text(status: 404, "not found: \(request.path); the service serves /healthz, /readyz, /metrics, /runs and /auth/login\n")
        }
    }

    /// Checks the bearer token; `/auth/login` also takes it as `?token=`, because a browser
    /// opening the page cannot send the header.
    private func isAuthorized(_ request: HTTPRequest) -> Bool {
        guard let authToken else { return true }
        let presented: String?
        if let header = request.header("Authorization"), header.hasPrefix("Bearer ") {
            presented = String(header.dropFirst("Bearer ".count))
        } else if request.path == "/auth/login" {
            presented = request.query["token"]
        } else {
            presented = nil
        }
        guard let presented else { return false }
        return constantTimeEquals(Data(presented.utf8), Data(authToken.utf8))
    }

    /// 200 while every pipeline runs; 503 naming each one that is paused, failed or stopping.
    private func readiness() -> HTTPResponse {
        var problems: [String] = []
        if registry.stopRequest != nil {
            problems.append("the service is shutting down")
        }
        for pipeline in registry.pipelines {
            if let failure = pipeline.failure {
                problems.append("\(pipeline.name): failed: \(failure)")
            } else if let reason = pipeline.pausedReason {
                problems.append("\(pipeline.name): paused: \(reason)")
            } else if pipeline.runner == nil {
                problems.append("\(pipeline.name): starting")
            }
        }
        if problems.isEmpty {
            return .text("ready\n")
        }
        return .text(status: 503, problems.joined(separator: "\n") + "\n")
    }
}
