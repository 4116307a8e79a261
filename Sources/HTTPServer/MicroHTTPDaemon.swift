import CMicroHTTPD
import CMicroHTTPDShim
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Owner of one running `MHD_Daemon`, stopped once by `stop()` or at deinit.
final class MicroHTTPDaemon: Sendable {
    let port: UInt16

    private let dispatcher: RequestDispatcher
    /// The daemon's address as a bit pattern, because a raw pointer is not `Sendable`; nil once stopped.
    private let handle: Mutex<UInt?>

    /// Starts serving on host:port. The suspend/resume flag lets async handlers run while the
    /// polling thread serves other connections.
    init(host: String, port: UInt16, dispatcher: RequestDispatcher) throws {
        let flags = MHD_USE_AUTO_INTERNAL_THREAD.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue
        let context = Unmanaged.passUnretained(dispatcher).toOpaque()
        var failure: Int32 = 0

        let daemon = imgpipe_mhd_start(
            flags, host, port,
            { context, connection, url, method, _, uploadData, uploadDataSize, contextSlot in
                guard let context, let connection, let url, let method, let uploadDataSize, let contextSlot else {
                    return .NO
                }
                return Unmanaged<RequestDispatcher>.fromOpaque(context).takeUnretainedValue().access(
                    connection: connection, url: String(cString: url), method: String(cString: method),
                    uploadData: uploadData, uploadDataSize: uploadDataSize, contextSlot: contextSlot)
            },
            context,
            { context, _, contextSlot, _ in
                guard let context, let contextSlot else { return }
                Unmanaged<RequestDispatcher>.fromOpaque(context).takeUnretainedValue()
                    .completed(contextSlot: contextSlot)
            },
            context,
            Self.connectionMemoryLimit, Self.idleTimeoutSeconds, &failure)

        guard let daemon else {
            let kind: HTTPServerError.Kind = failure == Int32(IMGPIPE_MHD_START_INVALID_ADDRESS.rawValue)
                ? .invalidAddress : .startFailed
            throw HTTPServerError(kind: kind, host: host, port: port)
        }
        self.dispatcher = dispatcher
        self.port = imgpipe_mhd_bound_port(daemon)
        self.handle = Mutex(UInt(bitPattern: daemon))
    }

    /// Memory per connection for headers and read buffers; larger than the 32 KiB default so
    /// that request bodies arrive in bigger chunks.
    private static let connectionMemoryLimit = 256 << 10

    /// Seconds an idle connection stays open; suspended connections are exempt.
    private static let idleTimeoutSeconds: UInt32 = 120

    /// Maximum time `stop()` waits for pending requests to receive their 503.
    private static let drainTimeout = DispatchTimeInterval.seconds(2)

    /// Stops accepting connections, sends 503 to requests whose handlers are still running,
    /// then stops the daemon. When this returns the listening socket is closed. Idempotent.
    func stop() {
        let address = handle.withLock { handle -> UInt? in
            defer { handle = nil }
            return handle
        }
        guard let address, let daemon = OpaquePointer(bitPattern: address) else { return }

        // libmicrohttpd hands the listening socket over and leaves closing it to the caller,
        // which may happen only after MHD_stop_daemon.
        let listeningSocket = MHD_quiesce_daemon(daemon)
        let pending = dispatcher.beginStopping()
        dispatcher.waitForDrain(count: pending, deadline: .now() + Self.drainTimeout)

        MHD_stop_daemon(daemon)
        if listeningSocket >= 0 {
            close(listeningSocket)
        }
    }

    deinit {
        stop()
    }
}
