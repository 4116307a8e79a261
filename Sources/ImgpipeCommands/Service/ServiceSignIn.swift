import Foundation
import HTTPServer
import ImgurAdapter
import Pipeline
import Synchronization

/// Sign-in through `serve` for servers without a browser: `/auth/login` redirects to Imgur's
/// authorize page, and the path of `IMGUR_REDIRECT_URI`, registered to point at the service,
/// completes the sign-in. Paused pipelines resume once it succeeds.
final class ServiceSignIn: Sendable {
    private let configuration: ImgurConfiguration
    private let redeemer: SignInRedeemer
    private let redirectURI: String
    let callback: CallbackAddress
    private let registry: ServiceRegistry
    private let logger: Logger
    /// The responder of the latest `/auth/login`; a newer login replaces it.
    private let pending = Mutex<CallbackResponder?>(nil)
    static let timeout: Duration = .seconds(600)

    init(configuration: ImgurConfiguration, redeemer: SignInRedeemer, redirectURI: String, registry: ServiceRegistry, logger: Logger) throws {
        self.configuration = configuration
        self.redeemer = redeemer
        self.redirectURI = redirectURI
        callback = try CallbackAddress(serviceURI: redirectURI)
        self.registry = registry
        self.logger = logger
    }

    /// Starts a code sign-in and redirects the browser to Imgur.
    func login() -> HTTPResponse {
        let request = AuthorizationRequest(configuration: configuration, responseType: .code, redirectURI: redirectURI)
        let latch = SignInLatch()
        var responder = CallbackResponder(classifier: CallbackClassifier(address: callback, request: request),
                                          latch: latch, redeem: redeemer.redeem, logger: logger)
        responder.acceptsOtherMachines = true
        pending.withLock { $0 = responder }
        logger.info("sign-in started", ["callback": redirectURI])

        Task { [registry, logger] in
            switch await latch.outcome(timeout: Self.timeout) {
            case .signedIn(let username):
                logger.info("signed in, resuming paused pipelines", ["username": username ?? "unknown"])
                registry.resumePaused()
            case .denied(let error):
                logger.warning("sign-in not granted", ["error": error])
            case .failed(let failure):
                logger.error("sign-in failed", ["error": failure.message])
            case .timedOut:
                logger.warning("sign-in timed out", ["timeout": DurationText.format(Self.timeout)])
            }
        }
        return .redirect(to: request.url.absoluteString)
    }

    /// Hands a request to the callback path to the latest login.
    func complete(_ request: HTTPRequest) async -> HTTPResponse {
        guard let responder = pending.withLock({ $0 }) else {
            return SignInPages.message(status: 409, title: "No sign-in in progress",
                                       text: "Start the sign-in at /auth/login of this service, then allow access on Imgur.")
        }
        return await responder.respond(to: request)
    }
}

extension CallbackAddress {
    /// Reads the callback of a service, which may be on any host, since Imgur redirects the
    /// browser to it rather than to this machine's loopback interface.
    init(serviceURI uri: String) throws {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host?.lowercased()
        else {
            throw CommandFailure("IMGUR_REDIRECT_URI '\(uri)' is not an http or https URL; set it to the callback registered for the client id, pointing at this service",
                                 exitCode: .usage)
        }
        self.uri = uri
        let defaultPort = scheme == "https" ? 443 : 80
        port = UInt16(components.port ?? defaultPort)
        path = components.path.isEmpty ? "/" : components.path
        origin = "\(scheme)://\(host)" + (components.port.map { $0 == defaultPort ? "" : ":\($0)" } ?? "")
    }
}
