import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP endpoints of a running `imgpipe serve`, on a loopback port.
struct ServiceEndpoint {
    let port: UInt16
    var token: String?

    struct Reply {
        let status: Int
        let body: String
    }

    func get(_ path: String, token overriding: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let bearer = overriding ?? token {
            request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self))
    }

    /// Polls `/healthz` until the service responds, because the port is the only sign that it started.
    func waitUntilServing() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? await get("/healthz"))?.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("serve did not answer /healthz on port \(port) within 30 s")
    }

    /// Returns the value of one sample line of `/metrics`, such as `imgpipe_paused{pipeline="watched"}`.
    func metric(_ sample: String) async throws -> Double? {
        let text = try await get("/metrics").body
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }
}

extension WatchedFolder {
    /// Starts `imgpipe serve` on this folder's definition, with `harness`'s servers and this
    /// folder's state directory, and returns once its endpoints respond.
    func serve(with harness: DemoHarness, extraArguments: [String] = []) async throws -> (binary: RunningBinary, endpoint: ServiceEndpoint) {
        let port = try LoopbackSocket.freePort()
        var environment = harness.environment()
        environment["IMGPIPE_STATE_DIR"] = state.path
        let binary = try RunningBinary(["serve", definition.path, "--listen", "127.0.0.1:\(port)"] + extraArguments, environment: environment)
        let endpoint = ServiceEndpoint(port: port)
        try await endpoint.waitUntilServing()
        return (binary, endpoint)
    }
}
