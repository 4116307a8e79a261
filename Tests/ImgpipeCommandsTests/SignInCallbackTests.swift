import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import ImgurAdapter
import Pipeline
import Testing
@testable import ImgpipeCommands

/// The sign-in listener's pieces in-process: callback addresses, the authorize URL, how each
/// request is classified, and the listener's lifetime.
@Suite("Sign-in callback")
struct SignInCallbackTests {
    static let configuration = ImgurConfiguration(clientID: "client", clientSecret: "secret",
                                                  apiURL: URL(string: "http://127.0.0.1:9")!)
    static let state = "expected-state"

    static func classifier(_ responseType: ImgurAuthorization.ResponseType) throws -> CallbackClassifier {
        let request = AuthorizationRequest(configuration: configuration, responseType: responseType, redirectURI: nil, state: state)
        return CallbackClassifier(address: try CallbackAddress(uri: CallbackAddress.defaultURI), request: request)
    }

    @Test("default callback address")
    func defaultCallbackAddress() throws {
        let address = try CallbackAddress(uri: CallbackAddress.defaultURI)
        #expect(address.port == 3000)
        #expect(address.path == "/callback")
        #expect(address.origin == "http://localhost:3000")
    }

    @Test("callback address without a port")
    func callbackAddressWithoutPort() throws {
        let address = try CallbackAddress(uri: "http://127.0.0.1/imgur")
        #expect(address.port == 80)
        #expect(address.path == "/imgur")
        #expect(address.origin == "http://127.0.0.1")
    }

    @Test("callback address must be loopback http", arguments: [
        "https://localhost:3000/callback", "http://example.com/callback", "http://[::1]:3000/callback", "not a url",
    ])
    func callbackAddressRejected(uri: String) {
        #expect(throws: CommandFailure.self) { try CallbackAddress(uri: uri) }
    }

    @Test("authorize URL omits unset redirect URI")
    func authorizeURLWithoutRedirect() {
        let request = AuthorizationRequest(configuration: Self.configuration, responseType: .code, redirectURI: nil)
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(!items.contains { $0.name == "redirect_uri" })
        #expect(items.first { $0.name == "client_id" }?.value == "client")
        #expect(items.first { $0.name == "state" }?.value == request.state)
        #expect(request.state.count == 64)
    }

    @Test("authorize URL carries redirect URI unchanged")
    func authorizeURLWithRedirect() {
        let uri = "http://localhost:3000/callback?from=imgpipe&x=a%20b"
        let request = AuthorizationRequest(configuration: Self.configuration, responseType: .token, redirectURI: uri)
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(items.first { $0.name == "redirect_uri" }?.value == uri)
    }

    @Test("states differ between requests")
    func statesDiffer() {
        #expect(AuthorizationRequest.randomState() != AuthorizationRequest.randomState())
    }

    @Test("code callbacks classified")
    func codeCallbacks() throws {
        let classifier = try Self.classifier(.code)
        let cases: [(HTTPRequest, CallbackEvent)] = [
            (HTTPRequest(method: "GET", path: "/callback", query: ["code": "c1", "state": Self.state]), .code("c1")),
            (HTTPRequest(method: "GET", path: "/callback", query: ["code": "c1", "state": "other"]), .stateMismatch),
            (HTTPRequest(method: "GET", path: "/callback", query: ["code": "c1"]), .stateMismatch),
            (HTTPRequest(method: "GET", path: "/callback", query: ["error": "access_denied", "state": Self.state]), .denied("access_denied")),
            (HTTPRequest(method: "GET", path: "/callback", query: ["error": "access_denied", "state": "other"]), .stateMismatch),
            (HTTPRequest(method: "GET", path: "/callback", query: ["state": Self.state]), .incomplete),
            (HTTPRequest(method: "GET", path: "/favicon.ico"), .wrongPath("/favicon.ico")),
            (HTTPRequest(method: "POST", path: "/callback"), .wrongMethod("POST")),
        ]
        for (request, expected) in cases {
            #expect(classifier.classify(request) == expected, "\(request.method) \(request.path) \(request.query)")
        }
    }

    @Test("token callbacks classified")
    func tokenCallbacks() throws {
        let classifier = try Self.classifier(.token)
        let fragment = "access_token=a1&refresh_token=r1&expires_in=3600&account_username=someone&state=\(Self.state)"
        func post(_ fragment: String, origin: String? = "http://localhost:3000") -> HTTPRequest {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let body = "fragment=" + (fragment.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
            return HTTPRequest(method: "POST", path: "/callback", headers: origin.map { ["Origin": $0] } ?? [:], body: Data(body.utf8))
        }

        #expect(classifier.classify(HTTPRequest(method: "GET", path: "/callback")) == .fragmentPage)
        guard case .tokens(let tokens) = classifier.classify(post(fragment)) else {
            Issue.record("a posted fragment with the expected state is not read as tokens")
            return
        }
        #expect(tokens.accessToken == "a1")
        #expect(tokens.refreshToken == "r1")
        #expect(tokens.accountUsername == "someone")
        guard case .tokens(let withoutOrigin) = classifier.classify(post(fragment, origin: nil)) else {
            Issue.record("a posted fragment without an Origin header is not read as tokens")
            return
        }
        #expect(withoutOrigin.accessToken == "a1")
        #expect(classifier.classify(post(fragment, origin: "http://evil.example")) == .crossOrigin("http://evil.example"))
        #expect(classifier.classify(post(fragment, origin: "null")) == .crossOrigin("null"))
        #expect(classifier.classify(post("access_token=a1&refresh_token=r1&state=other")) == .stateMismatch)
        #expect(classifier.classify(post("access_token=a1&refresh_token=r1")) == .stateMismatch)
        #expect(classifier.classify(post("error=access_denied&state=\(Self.state)")) == .denied("access_denied"))
        #expect(classifier.classify(post("state=\(Self.state)")) == .incomplete)
    }

    @Test("fragment page has no external resources")
    func fragmentPageSelfContained() {
        let page = SignInPages.fragmentPage()
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("<main>"))
        #expect(html.contains("<noscript>"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(page.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)
    }

    @Test("listener closes its port after sign-in")
    func listenerClosesPort() async throws {
        let probe = try HTTPServer(port: 0) { _ in .text("") }
        let port = probe.port
        probe.stop()
        let address = try CallbackAddress(uri: "http://localhost:\(port)/callback")
        let request = AuthorizationRequest(configuration: Self.configuration, responseType: .code, redirectURI: nil)
        let listener = try CallbackListener(address: address, request: request, redeem: { _ in "someone" }, logger: Logger(minimumLevel: .error) { _ in })

        async let outcome = listener.outcome(timeout: .seconds(20))
        let callback = try #require(URL(string: "http://127.0.0.1:\(port)/callback?code=c1&state=\(request.state)"))
        let (data, response) = try await URLSession.shared.data(from: callback)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("Signed in to Imgur"))

        guard case .signedIn(let username) = await outcome else {
            Issue.record("the listener did not report the sign-in")
            return
        }
        #expect(username == "someone")
        await #expect(throws: (any Error).self) { _ = try await URLSession.shared.data(from: callback) }
    }
}
