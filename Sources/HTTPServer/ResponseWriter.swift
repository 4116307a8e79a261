import CMicroHTTPD
import Foundation

/// Turns an `HTTPResponse` into a libmicrohttpd response and queues it on a connection.
enum ResponseWriter {
    static func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        guard let handle = makeHandle(response) else {
            return queueFallback(on: connection)
        }
        defer { MHD_destroy_response(handle) }

        return MHD_queue_response(connection, UInt32(clamping: response.status), handle)
    }

    /// Creates the response handle, or nil when libmicrohttpd rejects the body or a header
    /// (for example a value containing a line break).
    private static func makeHandle(_ response: HTTPResponse) -> OpaquePointer? {
        let handle = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let handle else { return nil }

        for (name, value) in response.headers where MHD_add_response_header(handle, name, value) != MHD_Result.YES {
            MHD_destroy_response(handle)
            return nil
        }
        return handle
    }

    private static func queueFallback(on connection: OpaquePointer) -> MHD_Result {
        let text = "The handler produced a response that cannot be sent (invalid header field).\n"
        let handle = text.utf8CString.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count - 1, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let handle else { return .NO }
        defer { MHD_destroy_response(handle) }

        return MHD_queue_response(connection, 500, handle)
    }
}
