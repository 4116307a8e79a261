import Foundation

/// Where `auth login` listens for Imgur's redirect: the port and path of the registered
/// callback URI, always served on 127.0.0.1 only.
struct CallbackAddress: Equatable {
    static let defaultURI = "http://localhost:3000/callback"

    /// The callback URI exactly as configured.
    let uri: String
    let port: UInt16
    let path: String
    /// The origin a browser sends for pages under the callback, such as `http://localhost:3000`.
    let origin: String

    /// Reads an `http` URI on `localhost` or `127.0.0.1`; any other URI cannot reach a listener
    /// on this machine's loopback interface.
    init(uri: String) throws {
        guard let components = URLComponents(string: uri), components.scheme?.lowercased() == "http",
              let host = components.host?.lowercased(), ["localhost", "127.0.0.1"].contains(host),
              components.port.map({ (1...65_535).contains($0) }) ?? true
        else {
            throw CommandFailure(
                "IMGUR_REDIRECT_URI '\(uri)' cannot be served by 'imgpipe auth login': it must be an http URL on "
                    + "localhost or 127.0.0.1, such as \(Self.defaultURI), and be the callback registered for the client "
                    + "id; to sign in without a callback, use --response-type pin",
                exitCode: .usage)
        }
        self.uri = uri
        port = UInt16(components.port ?? 80)
        path = components.path.isEmpty ? "/" : components.path
        origin = "http://\(host)" + (components.port.map { $0 == 80 ? "" : ":\($0)" } ?? "")
    }
}
