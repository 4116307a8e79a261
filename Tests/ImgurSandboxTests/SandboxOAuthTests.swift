import Foundation
import ImgurSandbox
import Testing

@Suite struct SandboxOAuthTests {
    @Test func autoApproveRedirectsWithCode() async throws {
        let sandbox = try makeSandbox { $0.autoApprove = true }
        defer { sandbox.stop() }

        let reply = try await call("GET", sandbox.url("/oauth2/authorize?client_id=imgpipe-sandbox&response_type=code&state=xyz%201"))
        let location = try #require(reply.headers["location"])
        let query = parameters(of: location)

        #expect(reply.status == 302)
        #expect(location.hasPrefix("http://localhost:3000/callback?"))
        #expect(query["state"] == "xyz 1")
        #expect(query["code"]?.isEmpty == false)
    }

    @Test func tokenResponseTypeUsesFragment() async throws {
        let sandbox = try makeSandbox { $0.autoApprove = true }
        defer { sandbox.stop() }

        let reply = try await call("GET", sandbox.url("/oauth2/authorize?client_id=imgpipe-sandbox&response_type=token&state=s"))
        let location = try #require(reply.headers["location"])
        let fragment = parameters(of: location, fragment: true)

        #expect(location.hasPrefix("http://localhost:3000/callback#"))
        #expect(fragment["access_token"]?.count == 40)
        #expect(fragment["refresh_token"]?.count == 40)
        #expect(fragment["token_type"] == "bearer")
        #expect(fragment["account_username"] == "sandbox_user")
        #expect(fragment["expires_in"] == "3600")
    }

    @Test func pinPageShowsPinThatExchanges() async throws {
        let sandbox = try makeSandbox { $0.autoApprove = true }
        defer { sandbox.stop() }

        let page = try await call("GET", sandbox.url("/oauth2/authorize?client_id=imgpipe-sandbox&response_type=pin&state=s"))
        let pinRange = try #require(page.text.range(of: #"(?<=id="pin">)[A-Za-z0-9]+"#, options: .regularExpression))
        let pin = String(page.text[pinRange])
        let grant = form([("client_id", "imgpipe-sandbox"), ("client_secret", "imgpipe-sandbox-secret"),
                          ("grant_type", "pin"), ("pin", pin)])
        let exchanged = try await call("POST", sandbox.url("/oauth2/token"),
                                       contentType: "application/x-www-form-urlencoded", body: grant)

        #expect(page.status == 200)
        #expect(exchanged.status == 200)
        #expect(try exchanged.json()["access_token"] is String)
    }

    @Test func approvalPageThenDeny() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        let page = try await call("GET", sandbox.url("/oauth2/authorize?client_id=imgpipe-sandbox&response_type=code&state=abc"))
        let denied = try await call("POST", sandbox.url("/oauth2/authorize"), contentType: "application/x-www-form-urlencoded",
                                    body: form([("client_id", "imgpipe-sandbox"), ("response_type", "code"),
                                                ("state", "abc"), ("action", "deny")]))
        let location = try #require(denied.headers["location"])

        #expect(page.status == 200)
        #expect(page.text.contains("<form method=\"post\" action=\"/oauth2/authorize\">"))
        #expect(denied.status == 302)
        #expect(parameters(of: location)["error"] == "access_denied")
        #expect(parameters(of: location)["state"] == "abc")
    }

    @Test func approvalPageAllow() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        let allowed = try await call("POST", sandbox.url("/oauth2/authorize"), contentType: "application/x-www-form-urlencoded",
                                     body: form([("client_id", "imgpipe-sandbox"), ("response_type", "code"),
                                                 ("state", "q r"), ("action", "allow")]))
        let location = try #require(allowed.headers["location"])

        #expect(allowed.status == 302)
        #expect(parameters(of: location)["code"]?.count == 40)
        #expect(parameters(of: location)["state"] == "q r")
    }

    @Test(arguments: ["http%3A%2F%2Flocalhost%3A3000%2Fother", "http%253A%252F%252Flocalhost%253A3000%252Fcallback"])
    func mismatchedRedirectURIRejected(_ redirectURI: String) async throws {
        let sandbox = try makeSandbox { $0.autoApprove = true }
        defer { sandbox.stop() }

        let reply = try await call("GET", sandbox.url(
            "/oauth2/authorize?client_id=imgpipe-sandbox&response_type=code&state=s&redirect_uri=\(redirectURI)"))

        #expect(reply.status == 400)
        #expect(try reply.errorMessage() == "The redirect URI provided is missing or does not match")
    }

    @Test func matchingRedirectURIAccepted() async throws {
        let sandbox = try makeSandbox { $0.autoApprove = true }
        defer { sandbox.stop() }

        let reply = try await call("GET", sandbox.url(
            "/oauth2/authorize?client_id=imgpipe-sandbox&response_type=code&state=s&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback"))

        #expect(reply.status == 302)
    }

    @Test func codeWorksOnce() async throws {
        let sandbox = try makeSandbox { $0.autoApprove = true }
        defer { sandbox.stop() }
        let authorize = try await call("GET", sandbox.url("/oauth2/authorize?client_id=imgpipe-sandbox&response_type=code&state=s"))
        let location = try #require(authorize.headers["location"])
        let code = try #require(parameters(of: location)["code"])
        let grant = form([("client_id", "imgpipe-sandbox"), ("client_secret", "imgpipe-sandbox-secret"),
                          ("grant_type", "authorization_code"), ("code", code)])

        let first = try await call("POST", sandbox.url("/oauth2/token"), contentType: "application/x-www-form-urlencoded", body: grant)
        let second = try await call("POST", sandbox.url("/oauth2/token"), contentType: "application/x-www-form-urlencoded", body: grant)
        let body = try first.json()

        #expect(first.status == 200)
        #expect(body["token_type"] as? String == "bearer")
        #expect(body["account_username"] as? String == "sandbox_user")
        #expect(body["expires_in"] as? Int == 3600)
        #expect(body["data"] == nil)
        #expect(second.status == 400)
        #expect(sandbox.tokenRequestCount() == 2)
    }

    @Test func tokenEndpointRejections() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()
        func grant(_ pairs: [(String, String)]) async throws -> Reply {
            try await call("POST", sandbox.url("/oauth2/token"), contentType: "application/x-www-form-urlencoded", body: form(pairs))
        }

        let wrongSecret = try await grant([("client_id", "imgpipe-sandbox"), ("client_secret", "nope"),
                                           ("grant_type", "refresh_token"), ("refresh_token", pair.refreshToken)])
        let unknownRefresh = try await grant([("client_id", "imgpipe-sandbox"), ("client_secret", "imgpipe-sandbox-secret"),
                                              ("grant_type", "refresh_token"), ("refresh_token", "0000")])
        let missingCode = try await grant([("client_id", "imgpipe-sandbox"), ("client_secret", "imgpipe-sandbox-secret"),
                                           ("grant_type", "authorization_code"), ("authorization_code", "x")])
        let badGrant = try await grant([("client_id", "imgpipe-sandbox"), ("client_secret", "imgpipe-sandbox-secret"),
                                        ("grant_type", "password")])

        #expect(wrongSecret.status == 400)
        #expect(try wrongSecret.errorMessage() == "Invalid client_secret")
        #expect(unknownRefresh.status == 400)
        #expect(try unknownRefresh.errorMessage() == "Invalid refresh token")
        #expect(try missingCode.errorMessage() == "Missing parameter. \"code\" is required")
        #expect(try badGrant.errorMessage() == "Invalid grant_type parameter or parameter missing")
    }

    @Test func rotationRetiresOldRefreshToken() async throws {
        let sandbox = try makeSandbox { $0.rotateRefreshTokens = true }
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()
        let grant = form([("refresh_token", pair.refreshToken), ("client_id", "imgpipe-sandbox"),
                          ("client_secret", "imgpipe-sandbox-secret"), ("grant_type", "refresh_token")])

        let first = try await call("POST", sandbox.url("/oauth2/token"), contentType: "application/x-www-form-urlencoded", body: grant)
        let reused = try await call("POST", sandbox.url("/oauth2/token"), contentType: "application/x-www-form-urlencoded", body: grant)

        #expect(first.status == 200)
        #expect(try first.json()["refresh_token"] as? String != pair.refreshToken)
        #expect(reused.status == 400)
        #expect(try reused.errorMessage() == "Refresh token doesn't exist or is invalid for the client")
    }

    @Test func refreshWithoutRotationKeepsToken() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()
        let grant = form([("refresh_token", pair.refreshToken), ("client_id", "imgpipe-sandbox"),
                          ("client_secret", "imgpipe-sandbox-secret"), ("grant_type", "refresh_token")])

        let reply = try await call("POST", sandbox.url("/oauth2/token"), contentType: "application/x-www-form-urlencoded", body: grant)
        let body = try reply.json()

        #expect(body["refresh_token"] as? String == pair.refreshToken)
        #expect(body["access_token"] as? String != pair.accessToken)
    }

    @Test func expiredAccessTokenGets403() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()

        let before = try await call("GET", sandbox.url("/3/account/me"), authorization: "Bearer \(pair.accessToken)")
        sandbox.expireAccessTokens()
        let after = try await call("GET", sandbox.url("/3/account/me"), authorization: "Bearer \(pair.accessToken)")

        #expect(before.status == 200)
        #expect(try before.data()["url"] as? String == "sandbox_user")
        #expect(after.status == 403)
        #expect(try after.errorMessage() == "The access token provided is invalid.")
    }
}
