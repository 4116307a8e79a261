import CMicroHTTPD
import Foundation

/// Per-request state that libmicrohttpd carries between calls of the access handler.
///
/// `body` and `bodyTooLarge` are touched only on libmicrohttpd's polling thread. Once a handler
/// task exists, `phase` is read and written only while holding the dispatcher's lock, because
/// that task moves it from `suspended` to `responding` on another thread.
final class ConnectionContext: @unchecked Sendable {
    enum Phase {
        /// Headers and body are still arriving, or the request is not yet dispatched.
        case receiving
        /// The connection is suspended while the handler runs.
        case suspended
        /// The response is ready and will be queued when libmicrohttpd calls back.
        case responding(HTTPResponse)
        /// The response was queued.
        case done
    }

    let connection: OpaquePointer
    var body = Data()
    var bodyTooLarge = false
    var phase = Phase.receiving
    /// The handler response's `onCompleted`, run when libmicrohttpd reports the request done.
    var onCompleted: (@Sendable () -> Void)?

    init(connection: OpaquePointer, expectedBodyBytes: Int) {
        self.connection = connection
        body.reserveCapacity(expectedBodyBytes)
    }
}
