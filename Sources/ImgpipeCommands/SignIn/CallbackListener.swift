import HTTPServer
import Pipeline

/// The loopback HTTP server that receives Imgur's sign-in redirect. It binds 127.0.0.1 only,
/// serves until one callback has been redeemed or denied, and is then stopped, which closes
/// its port.
final class CallbackListener: Sendable {
    let address: CallbackAddress
    private let latch = SignInLatch()
    private let server: HTTPServer

    init(
        address: CallbackAddress,
        request: AuthorizationRequest,
        redeem: @escaping SignInRedeemer.Redeem,
        logger: Logger
    ) throws {
        self.address = address
        let responder = CallbackResponder(classifier: CallbackClassifier(address: address, request: request),
                                          latch: latch, redeem: redeem, logger: logger)
        do {
            server = try HTTPServer(host: "127.0.0.1", port: address.port, maxBodyBytes: 64 << 10) { request in
                await responder.respond(to: request)
            }
        } catch {
            throw CommandFailure(
                "cannot listen for the sign-in callback \(address.uri) on 127.0.0.1:\(address.port): \(error) "
                    + "Stop the program using that port, or register another callback and set IMGUR_REDIRECT_URI to it.",
                exitCode: .itemsFailed)
        }
    }

    /// Waits for the sign-in to end, then stops the listener; its port is closed on return.
    func outcome(timeout: Duration) async -> SignInOutcome {
        let outcome = await latch.outcome(timeout: timeout)
        let server = self.server
        // `stop` may wait for responses still being sent, so it runs off the cooperative pool.
        _ = try? await BlockingWork.run { server.stop() }
        return outcome
    }
}
