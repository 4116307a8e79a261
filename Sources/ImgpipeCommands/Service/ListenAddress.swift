/// The `--listen` address of `serve`, as HOST:PORT.
struct ListenAddress: Sendable {
    let host: String
    let port: UInt16

    /// Parses `127.0.0.1:8080`, `localhost:8080` or `[::1]:8080`; nil when either part is invalid.
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    /// Whether only this machine can connect, so no bearer token is needed.
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
