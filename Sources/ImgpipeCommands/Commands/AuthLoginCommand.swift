import Foundation
import ImgurAdapter
import Pipeline
import Stages

/// `imgpipe auth login`: sign in to an Imgur account and store its tokens.
public struct AuthLoginCommand: Command {
    public let spec = CommandSpec(
        "auth login",
        summary: "Sign in to an Imgur account and store its tokens for the account profile.",
        discussion: "Prints Imgur's authorize URL, and opens it with xdg-open when DISPLAY or WAYLAND_DISPLAY is set. "
            + "For the code and token response types it then listens on 127.0.0.1 only for the redirect to the "
            + "registered callback, IMGUR_REDIRECT_URI (default \(CallbackAddress.defaultURI)), checks the state, and "
            + "stores the tokens in credentials.json under the profile named by --account. code exchanges the code "
            + "with IMGUR_CLIENT_SECRET; token has the callback page read the tokens in the browser; pin needs no "
            + "callback and reads the PIN Imgur shows from standard input.",
        options: [
            .value("response-type", valueName: "TYPE", help: "How Imgur returns the sign-in: code, token or pin.", default: "code"),
            .value("timeout", valueName: "DURATION", help: "How long to wait for the sign-in, such as 90s or 5m.", default: "5m"),
            .flag("json", help: "Print the signed-in account as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let responseType = try responseType(invocation)
        let timeout = try timeout(invocation)
        let context = try ImgurCommandContext(invocation)
        try requireClientSecret(context.configuration, for: responseType)

        let redirectURI = context.environment["IMGUR_REDIRECT_URI"].flatMap { $0.isEmpty ? nil : $0 }
        let request = AuthorizationRequest(configuration: context.configuration, responseType: responseType, redirectURI: redirectURI)
        let redeemer = SignInRedeemer(configuration: context.configuration, resolver: context.resolver,
                                      account: context.account, redirectURI: redirectURI)

        let outcome: SignInOutcome
        if responseType == .pin {
            announce(request, invocation: invocation, environment: context.environment, next: "then enter the PIN Imgur shows:")
            outcome = await PINPrompt.outcome(timeout: timeout, redeem: redeemer.redeem)
        } else {
            let address = try CallbackAddress(uri: redirectURI ?? CallbackAddress.defaultURI)
            let listener = try CallbackListener(address: address, request: request, redeem: redeemer.redeem,
                                                logger: invocation.logger)
            announce(request, invocation: invocation, environment: context.environment,
                     next: "waiting for the redirect to \(address.uri) (listening on 127.0.0.1:\(address.port)).")
            outcome = await listener.outcome(timeout: timeout)
        }
        return try report(outcome, context: context, timeout: timeout, invocation: invocation)
    }

    private func responseType(_ invocation: Invocation) throws -> ImgurAuthorization.ResponseType {
        let text = invocation.arguments.value("response-type") ?? "code"
        guard let responseType = ImgurAuthorization.ResponseType(rawValue: text) else {
            throw UsageError("invalid --response-type '\(text)'; use code, token or pin", command: spec.displayName)
        }
        return responseType
    }

    private func timeout(_ invocation: Invocation) throws -> Duration {
        let text = invocation.arguments.value("timeout") ?? "5m"
        guard let timeout = DurationText.parse(text), timeout > .zero else {
            throw UsageError("invalid --timeout '\(text)'; use a whole number with ms, s, m or h, such as 90s or 5m",
                             command: spec.displayName)
        }
        return timeout
    }

    /// Throws when the code or PIN exchange would lack the client secret, before the browser
    /// opens for a sign-in that could not be completed.
    private func requireClientSecret(_ configuration: ImgurConfiguration, for responseType: ImgurAuthorization.ResponseType) throws {
        guard responseType != .token, configuration.clientSecret == nil else { return }
        throw CommandFailure(
            "IMGUR_CLIENT_SECRET is not set: the \(responseType.rawValue) sign-in exchanges the \(responseType.rawValue) "
                + "with the client secret; set IMGUR_CLIENT_SECRET in the environment or .env, or use --response-type token",
            exitCode: .signInRequired)
    }

    /// Prints the authorize URL on stderr, always, and opens it in a browser when possible.
    private func announce(_ request: AuthorizationRequest, invocation: Invocation, environment: [String: String], next: String) {
        let opened = BrowserOpener.open(request.url, environment: environment)
        let instruction = opened ? "A browser was opened at Imgur's sign-in page; if none appeared, open this URL:"
            : "Open this URL in a browser to sign in to Imgur:"
        invocation.standardError.line(instruction)
        invocation.standardError.line("    \(request.url.absoluteString)")
        invocation.standardError.line("Allow access, " + next)
    }

    private func report(_ outcome: SignInOutcome, context: ImgurCommandContext, timeout: Duration, invocation: Invocation) throws -> ExitCode {
        switch outcome {
        case .signedIn(let username):
            if invocation.wantsJSON {
                try invocation.printJSON(LoginDocument(account: context.account, username: username, credentials: context.store.path))
            } else {
                invocation.standardOutput.line("Signed in to Imgur as \(username ?? "an account whose username Imgur did not report"); "
                    + "tokens stored for account profile '\(context.account)' in \(context.store.path).")
            }
            return .success
        case .denied(let error):
            throw CommandFailure(
                "Imgur sign-in was not granted (Imgur reported '\(error)'); nothing was stored. Run 'imgpipe auth login' "
                    + "again and allow access, or upload without an account: \(Self.anonymousUploadHint)",
                exitCode: .signInRequired)
        case .failed(let failure):
            throw failure
        case .timedOut:
            throw CommandFailure(
                "timed out after \(DurationText.format(timeout)) waiting for the Imgur sign-in; nothing was stored. Imgur's "
                    + "authorize page has been reported broken for new sign-ins since mid-2025, but anonymous upload still "
                    + "works: \(Self.anonymousUploadHint). To try the sign-in again, run 'imgpipe auth login' with a longer "
                    + "--timeout or --response-type pin.",
                exitCode: .signInRequired)
        }
    }

    static let anonymousUploadHint = "'imgpipe upload --anonymous FILE...', or 'anonymous: true' in a pipeline's authenticate stage"
}

private struct LoginDocument: Encodable {
    var account: String
    var username: String?
    var credentials: String
}
