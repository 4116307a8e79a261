import Foundation
import Testing

/// `imgpipe auth login` end to end: the built binary against the sandbox, driven by plain HTTP
/// requests or headless Chromium.
@Suite("Sign-in")
struct SignInTests {
    @Test("code flow stores tokens")
    func codeFlowStoresTokens() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let login = try harness.login(["--timeout", "60s"])
        defer { login.terminate() }

        let url = try await login.authorizeURL()
        #expect(TestHTTP.queryValue("redirect_uri", in: url) == harness.redirectURI)
        #expect(TestHTTP.queryValue("response_type", in: url) == "code")
        #expect(TestHTTP.queryValue("state", in: url)?.count == 64)

        let page = try await TestHTTP.get(url)
        #expect(page.status == 200)
        #expect(page.body.contains("Signed in to Imgur"))

        let result = await login.wait()
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardOutput.contains("sandbox_user"))
        let stored = try #require(try harness.storedAccount())
        #expect(stored["username"] as? String == "sandbox_user")
        #expect((stored["access_token"] as? String)?.isEmpty == false)
        let mode = try FileManager.default.attributesOfItem(atPath: harness.credentialsFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!LoopbackSocket.connects(to: "127.0.0.1", port: harness.callbackPort))
    }

    @Test("token flow in headless Chromium", .enabled(
        if: HeadlessChromium.executable != nil,
        "chromium is not on PATH: install Debian's chromium package (scripts/ensure-packages.sh does for make test)"))
    func tokenFlowInChromium() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let login = try harness.login(["--response-type", "token", "--account", "browser", "--timeout", "60s"])
        defer { login.terminate() }

        let url = try await login.authorizeURL()
        let dom = try await HeadlessChromium.dumpDOM(of: url, profile: harness.folder.appendingPathComponent("chromium"))
        #expect(dom.contains("Signed in to Imgur"), "final page: \(dom)")
        #expect(dom.contains("sandbox_user"))

        let result = await login.wait()
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let stored = try #require(try harness.storedAccount("browser"))
        #expect(stored["username"] as? String == "sandbox_user")
        for token in [stored["access_token"], stored["refresh_token"]].compactMap({ $0 as? String }) {
            #expect(!result.standardError.contains(token))
            #expect(!result.standardOutput.contains(token))
        }

        // The stored access token is one the sandbox issued, so an API call with it works.
        let whoami = try await BuiltBinary.run(["whoami", "--account", "browser"], environment: harness.environment())
        #expect(whoami.status == 0, "stderr: \(whoami.standardError)")
        #expect(whoami.standardOutput.contains("sandbox_user"))
    }

    @Test("desktop session opens the browser")
    func desktopSessionOpensBrowser() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let tools = harness.folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let openedURL = harness.folder.appendingPathComponent("opened-url")
        let opener = tools.appendingPathComponent("xdg-open")
        try "#!/bin/sh\nprintf '%s' \"$1\" > '\(openedURL.path)'\n".write(to: opener, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opener.path)
        var environment = harness.environment()
        environment["DISPLAY"] = ":0"
        environment["PATH"] = tools.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let login = try SignInProcess(["auth", "login", "--json", "--timeout", "60s"], environment: environment)
        defer { login.terminate() }

        let url = try await login.authorizeURL()
        _ = try await TestHTTP.get(url)
        let result = await login.wait()
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("A browser was opened"))
        #expect(try String(contentsOf: openedURL, encoding: .utf8) == url.absoluteString)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(document?["account"] as? String == "default")
        #expect(document?["username"] as? String == "sandbox_user")
    }

    @Test("PIN flow reads standard input")
    func pinFlowReadsStandardInput() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let login = try harness.login(["--response-type", "pin", "--timeout", "60s"], redirectURI: false)
        defer { login.terminate() }

        let url = try await login.authorizeURL()
        #expect(TestHTTP.queryValue("redirect_uri", in: url) == nil)
        let page = try await TestHTTP.get(url)
        let pin = try #require(page.body.firstMatch(of: /<p id="pin">([^<]+)<\/p>/)?.1)
        login.writeInput("\(pin)\n")

        let result = await login.wait()
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(try harness.storedAccount()?["username"] as? String == "sandbox_user")
    }

    @Test("denial stores nothing")
    func denialStoresNothing() async throws {
        let harness = try SignInHarness(autoApprove: false)
        defer { harness.stop() }
        let login = try harness.login(["--timeout", "60s"])
        defer { login.terminate() }

        let url = try await login.authorizeURL()
        let state = try #require(TestHTTP.queryValue("state", in: url))
        let page = try await TestHTTP.postForm(harness.sandbox.baseURL.appendingPathComponent("oauth2/authorize"), [
            ("client_id", "imgpipe-sandbox"), ("response_type", "code"), ("state", state), ("action", "deny"),
        ])
        #expect(page.body.contains("Sign-in cancelled"))

        let result = await login.wait()
        #expect(result.status == 3)
        #expect(result.standardError.contains("access_denied"))
        #expect(result.standardError.contains("nothing was stored"))
        #expect(try harness.storedAccount() == nil)
    }

    @Test("forged callbacks keep the wait")
    func forgedCallbacksKeepWaiting() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let login = try harness.login(["--timeout", "60s"])
        defer { login.terminate() }
        let url = try await login.authorizeURL()
        let callback = "http://127.0.0.1:\(harness.callbackPort)"

        let forgedCode = try await TestHTTP.get(try #require(URL(string: "\(callback)/callback?code=forged&state=wrong")))
        #expect(forgedCode.status == 400)
        let forgedDenial = try await TestHTTP.get(try #require(URL(string: "\(callback)/callback?error=access_denied&state=wrong")))
        #expect(forgedDenial.status == 400)
        let otherPath = try await TestHTTP.get(try #require(URL(string: "\(callback)/other")))
        #expect(otherPath.status == 404)
        let icon = try await TestHTTP.get(try #require(URL(string: "\(callback)/favicon.ico")))
        #expect(icon.status == 404)
        #expect(try harness.storedAccount() == nil)

        let page = try await TestHTTP.get(url)
        #expect(page.body.contains("Signed in to Imgur"))
        let result = await login.wait()
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("state does not match"))
        #expect(result.standardError.contains("/other is not the callback path"))
        #expect(!result.standardError.contains("favicon"))
        #expect(harness.sandbox.tokenRequestCount() == 1)
    }

    @Test("timeout explains anonymous upload")
    func timeoutExplainsAnonymousUpload() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let login = try harness.login(["--timeout", "2s"])
        defer { login.terminate() }

        let result = await login.wait()
        #expect(result.status == 3)
        #expect(result.standardError.contains("timed out after 2s"))
        #expect(result.standardError.contains("anonymous upload still works"))
        #expect(result.standardError.contains("imgpipe upload --anonymous"))
        #expect(try harness.storedAccount() == nil)
    }

    @Test("listener accepts loopback only")
    func listenerAcceptsLoopbackOnly() async throws {
        let harness = try SignInHarness(autoApprove: true)
        defer { harness.stop() }
        let login = try harness.login(["--timeout", "60s"])
        defer { login.terminate() }
        let url = try await login.authorizeURL()

        #expect(LoopbackSocket.connects(to: "127.0.0.1", port: harness.callbackPort))
        #expect(!LoopbackSocket.connects(to: "127.0.0.2", port: harness.callbackPort))
        #expect(!LoopbackSocket.connects(to: "::1", port: harness.callbackPort))
        for address in LoopbackSocket.otherIPv4Addresses() {
            #expect(!LoopbackSocket.connects(to: address, port: harness.callbackPort), "accepted on \(address)")
        }

        _ = try await TestHTTP.get(url)
        let result = await login.wait()
        #expect(result.status == 0, "stderr: \(result.standardError)")
    }
}
