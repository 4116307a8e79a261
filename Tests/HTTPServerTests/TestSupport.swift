import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Makes a URLSession that allows enough parallel connections for the concurrency tests.
func makeSession() -> URLSession {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 64
    configuration.timeoutIntervalForRequest = 30
    return URLSession(configuration: configuration)
}

func send(
    _ session: URLSession,
    _ method: String,
    _ url: URL,
    headers: [String: String] = [:],
    body: Data? = nil
) async throws -> (Int, [String: String], Data) {
    var request = URLRequest(url: url)
    request.httpMethod = method
    for (name, value) in headers {
        request.setValue(value, forHTTPHeaderField: name)
    }
    request.httpBody = body

    let (data, response) = try await session.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    var fields: [String: String] = [:]
    for (name, value) in http.allHeaderFields {
        fields[String(describing: name).lowercased()] = String(describing: value)
    }
    return (http.statusCode, fields, data)
}

/// Opens a TCP connection to host:port, returning the socket or nil when it was not accepted.
func connectedSocket(host: String, port: UInt16) -> Int32? {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { return nil }

    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, host, &address.sin_addr)
    let result = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard result == 0 else {
        close(socketDescriptor)
        return nil
    }
    return socketDescriptor
}

func canConnect(host: String, port: UInt16) -> Bool {
    guard let socketDescriptor = connectedSocket(host: host, port: port) else { return false }
    close(socketDescriptor)
    return true
}

/// Sends raw bytes to 127.0.0.1:port and returns everything read until the server closes the
/// connection or `maxBytes` arrive, for requests URLSession cannot make.
func exchangeRaw(port: UInt16, request: String, maxBytes: Int = 1 << 16) -> String {
    guard let socketDescriptor = connectedSocket(host: "127.0.0.1", port: port) else { return "" }
    defer { close(socketDescriptor) }

    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let bytes = Array(request.utf8)
    _ = bytes.withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }

    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while received.count < maxBytes {
        let count = recv(socketDescriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }
        received.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: received, as: UTF8.self)
}

/// Releases every waiting task once `total` tasks have arrived, to prove handlers overlap.
actor ArrivalGate {
    private let total: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(total: Int) {
        self.total = total
    }

    func arriveAndWait() async {
        arrived += 1
        if arrived >= total {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
