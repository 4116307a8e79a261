import CMicroHTTPD
import CMicroHTTPDShim
import Foundation

/// Builds an `HTTPRequest` from what libmicrohttpd parsed for a connection.
enum RequestReader {
    static func read(connection: OpaquePointer, path: String, method: String, body: Data) -> HTTPRequest {
        HTTPRequest(
            method: method,
            path: path,
            query: values(of: .GET_ARGUMENT_KIND, on: connection, joiningRepeats: false),
            headers: values(of: .HEADER_KIND, on: connection, joiningRepeats: true),
            body: body,
            remoteAddress: clientAddress(of: connection)
        )
    }

    /// Collects one kind of key/value pair. Header names are lowercased and repeated headers
    /// joined with ", " as HTTP allows; for query parameters the last value wins.
    private static func values(
        of kind: MHD_ValueKind,
        on connection: OpaquePointer,
        joiningRepeats: Bool
    ) -> [String: String] {
        var pairs: [(String, String)] = []
        withUnsafeMutablePointer(to: &pairs) { pairsPointer in
            _ = MHD_get_connection_values(connection, kind, { context, _, key, value in
                guard let context, let key else { return .YES }
                let pairs = context.assumingMemoryBound(to: [(String, String)].self)
                pairs.pointee.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
                return .YES
            }, pairsPointer)
        }

        var result: [String: String] = [:]
        for (key, value) in pairs {
            if joiningRepeats {
                let name = key.lowercased()
                result[name] = result[name].map { "\($0), \(value)" } ?? value
            } else {
                result[key] = value
            }
        }
        return result
    }

    private static func clientAddress(of connection: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let status = imgpipe_mhd_client_address(connection, &buffer, buffer.count)
        guard status == 0 else { return "" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
