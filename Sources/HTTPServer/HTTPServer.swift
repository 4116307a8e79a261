import Foundation

/// Handler for one request; runs as a task while the server keeps serving other connections.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// An HTTP/1.1 server on libmicrohttpd that hands each complete request to an async handler.
public final class HTTPServer: Sendable {
    /// The bound port, which is the ephemeral one chosen by the system when `init` got 0.
    public let port: UInt16

    /// `http://HOST:PORT`, with IPv6 hosts in brackets.
    public let baseURL: URL

    private let daemon: MicroHTTPDaemon

    /// Binds host:port (port 0 = ephemeral) and starts serving at once.
    ///
    /// Only `host` is bound, never the wildcard address. Bodies larger than `maxBodyBytes` get a
    /// 413 response without calling the handler.
    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 0,
        maxBodyBytes: Int = 64 << 20,
        handler: @escaping HTTPHandler
    ) throws {
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        let dispatcher = RequestDispatcher(handler: handler, maxBodyBytes: maxBodyBytes)
        daemon = try MicroHTTPDaemon(host: numericHost, port: port, dispatcher: dispatcher)

        self.port = daemon.port
        let urlHost = numericHost.contains(":") ? "[\(numericHost)]" : numericHost
        guard let url = URL(string: "http://\(urlHost):\(daemon.port)") else {
            daemon.stop()
            throw HTTPServerError(kind: .invalidAddress, host: host, port: port)
        }
        baseURL = url
    }

    /// Stops serving; idempotent. Requests whose handlers are still running get 503 (their
    /// handlers' results are dropped), and `stop` waits up to 2 seconds for those responses to
    /// be sent. When it returns the port is closed.
    public func stop() {
        daemon.stop()
    }
}
