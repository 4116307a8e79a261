/// Failure to start an `HTTPServer`.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The host is not a numeric IPv4 or IPv6 address (or `localhost`).
        case invalidAddress
        /// libmicrohttpd could not bind the address or start its thread.
        case startFailed
    }

    public let kind: Kind
    public let host: String
    public let port: UInt16

    public var description: String {
        switch kind {
        case .invalidAddress:
            return "Cannot serve HTTP on \(host): the host is not a numeric IP address; "
                + "use an address such as 127.0.0.1 or ::1."
        case .startFailed:
            return "Cannot serve HTTP on \(host):\(port): binding failed; the port may be in use "
                + "or need privileges, so choose another port or 0 for an ephemeral one."
        }
    }
}
