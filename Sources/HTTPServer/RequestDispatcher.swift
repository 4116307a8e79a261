import CMicroHTTPD
import CMicroHTTPDShim
import Dispatch
import Foundation
import Synchronization

/// Receives libmicrohttpd's callbacks for one daemon, collects each request, runs the async
/// handler in a task while the connection is suspended, and queues the response on resume.
final class RequestDispatcher: Sendable {
    private struct State {
        var stopping = false
        var suspended: [ObjectIdentifier: ConnectionContext] = [:]
        /// Connections resumed by `beginStopping` whose 503 is not yet sent.
        var draining: Set<ObjectIdentifier> = []
    }

    private let handler: HTTPHandler
    private let maxBodyBytes: Int
    private let state = Mutex(State())
    /// Signaled once for each draining connection that completes.
    private let drained = DispatchSemaphore(value: 0)

    init(handler: @escaping HTTPHandler, maxBodyBytes: Int) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
    }

    /// Handles one call of the access handler on libmicrohttpd's polling thread.
    func access(
        connection: OpaquePointer,
        url: String,
        method: String,
        uploadData: UnsafePointer<CChar>?,
        uploadDataSize: UnsafeMutablePointer<Int>,
        contextSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> MHD_Result {
        guard let rawContext = contextSlot.pointee else {
            return begin(connection: connection, contextSlot: contextSlot)
        }
        let context = Unmanaged<ConnectionContext>.fromOpaque(rawContext).takeUnretainedValue()

        if uploadDataSize.pointee > 0 {
            receive(uploadData, count: uploadDataSize.pointee, into: context)
            uploadDataSize.pointee = 0
            return .YES
        }

        return complete(context, url: url, method: method)
    }

    /// Releases the context of a finished or aborted connection.
    func completed(contextSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>) {
        guard let rawContext = contextSlot.pointee else { return }
        contextSlot.pointee = nil

        let context = Unmanaged<ConnectionContext>.fromOpaque(rawContext).takeRetainedValue()
        let wasDraining = state.withLock { state -> Bool in
            state.suspended.removeValue(forKey: ObjectIdentifier(context))
            return state.draining.remove(ObjectIdentifier(context)) != nil
        }
        if wasDraining {
            drained.signal()
        }
        let onCompleted = state.withLock { _ in context.onCompleted }
        onCompleted?()
    }

    /// Sets a 503 response on every suspended request and resumes its connection, because
    /// `MHD_stop_daemon` aborts the process when it finds one still suspended. Requests that
    /// arrive from now on get 503 at once. Returns how many connections were resumed.
    func beginStopping() -> Int {
        state.withLock { state in
            state.stopping = true
            for (identifier, context) in state.suspended {
                context.phase = .responding(Self.stoppingResponse)
                state.draining.insert(identifier)
                MHD_resume_connection(context.connection)
            }
            state.suspended.removeAll()
            return state.draining.count
        }
    }

    /// Waits until `count` resumed connections have sent their 503, or until `deadline`.
    func waitForDrain(count: Int, deadline: DispatchTime) {
        for _ in 0..<count {
            if drained.wait(timeout: deadline) == .timedOut {
                return
            }
        }
    }

    private static let stoppingResponse = HTTPResponse.text(
        status: 503, "The server is stopping; retry the request against a running server.\n")

    private func begin(
        connection: OpaquePointer,
        contextSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> MHD_Result {
        let declaredLength = Self.declaredContentLength(of: connection)
        let context = ConnectionContext(
            connection: connection,
            expectedBodyBytes: min(declaredLength ?? 0, maxBodyBytes, 1 << 20)
        )
        contextSlot.pointee = Unmanaged.passRetained(context).toOpaque()

        // A client waiting for "100 Continue" gets the 413 before it sends the body. Any other
        // client's oversized body is read and dropped, so that it receives the 413, not a reset.
        if let declaredLength, declaredLength > maxBodyBytes, Self.expectsContinue(connection) {
            context.phase = .done
            return queue(tooLargeResponse, on: connection)
        }
        return .YES
    }

    private func receive(_ data: UnsafePointer<CChar>?, count: Int, into context: ConnectionContext) {
        guard !context.bodyTooLarge, let data else { return }

        if context.body.count + count > maxBodyBytes {
            context.bodyTooLarge = true
            context.body = Data()
            return
        }
        context.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: count)
    }

    private func complete(_ context: ConnectionContext, url: String, method: String) -> MHD_Result {
        let phase = state.withLock { _ in context.phase }
        switch phase {
        case .receiving:
            return dispatch(context, url: url, method: method)
        case .responding(let response):
            state.withLock { _ in context.phase = .done }
            return queue(response, on: context.connection)
        case .suspended, .done:
            return .NO
        }
    }

    private func dispatch(_ context: ConnectionContext, url: String, method: String) -> MHD_Result {
        if context.bodyTooLarge {
            context.phase = .done
            return queue(tooLargeResponse, on: context.connection)
        }
        let request = RequestReader.read(
            connection: context.connection, path: url, method: method, body: context.body)
        context.body = Data()

        // Suspending under the lock keeps `beginStopping` from missing this connection.
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            context.phase = .suspended
            state.suspended[ObjectIdentifier(context)] = context
            MHD_suspend_connection(context.connection)
            return true
        }
        guard accepted else {
            context.phase = .done
            return queue(Self.stoppingResponse, on: context.connection)
        }

        Task(executorPreference: HandlerExecutor.shared) { [handler] in
            let response = await handler(request)
            self.resume(context, with: response)
        }
        return .YES
    }

    private func resume(_ context: ConnectionContext, with response: HTTPResponse) {
        state.withLock { state in
            // After `beginStopping` the connection already has its 503 and may be closed.
            guard case .suspended = context.phase else { return }
            context.phase = .responding(response)
            context.onCompleted = response.onCompleted
            state.suspended.removeValue(forKey: ObjectIdentifier(context))
            MHD_resume_connection(context.connection)
        }
    }

    private var tooLargeResponse: HTTPResponse {
        .text(status: 413, "The request body is larger than \(maxBodyBytes) bytes; send a smaller body.\n")
    }

    private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        ResponseWriter.queue(response, on: connection)
    }

    private static func declaredContentLength(of connection: OpaquePointer) -> Int? {
        guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else {
            return nil
        }
        return Int(String(cString: value).trimmingCharacters(in: .whitespaces))
    }

    private static func expectsContinue(_ connection: OpaquePointer) -> Bool {
        guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Expect") else {
            return false
        }
        return String(cString: value).lowercased() == "100-continue"
    }
}
