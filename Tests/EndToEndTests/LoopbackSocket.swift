import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain TCP sockets for checking which addresses a listener accepts connections on.
enum LoopbackSocket {
    /// Returns a port that was free on 127.0.0.1 a moment ago, for a server the test starts
    /// later. The port comes from below the kernel's ephemeral range (see
    /// /proc/sys/net/ipv4/ip_local_port_range). A port that bind(0) handed out can go at once
    /// to some client's connection as its local port, and the server then fails to bind it.
    static func freePort() throws -> UInt16 {
        let ephemeralStart = ephemeralRangeStart()
        for _ in 0..<200 {
            let candidate = UInt16.random(in: 10_000..<ephemeralStart)
            if try canBind(candidate) {
                return candidate
            }
        }
        throw HarnessError("no free port found on 127.0.0.1 between 10000 and \(ephemeralStart)")
    }

    /// Returns the first port of the kernel's ephemeral range, or 32768 when it cannot be read.
    private static func ephemeralRangeStart() -> UInt16 {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let first = text.split(whereSeparator: \.isWhitespace).first.flatMap { UInt16($0) } ?? 32_768
        return max(first, 10_001)
    }

    /// Checks whether a TCP socket can bind 127.0.0.1:`port` right now.
    private static func canBind(_ port: UInt16) throws -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HarnessError("socket() failed: errno \(errno)") }
        defer { close(descriptor) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Returns whether a TCP connection to the numeric `host` and `port` is accepted.
    static func connects(to host: String, port: UInt16) -> Bool {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let entry = list else { return false }
        defer { freeaddrinfo(list) }

        let descriptor = socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return connect(descriptor, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0
    }

    /// Lists the IPv4 addresses of this machine's interfaces other than loopback.
    static func otherIPv4Addresses() -> [String] {
        var interfaces: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&interfaces) == 0 else { return [] }
        defer { freeifaddrs(interfaces) }

        var addresses: [String] = []
        var cursor = interfaces
        while let entry = cursor {
            cursor = entry.pointee.ifa_next
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                var raw = inet.pointee.sin_addr
                _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
            }
            let numeric = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !numeric.hasPrefix("127.") {
                addresses.append(numeric)
            }
        }
        return addresses
    }
}
