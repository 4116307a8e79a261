import Foundation
import HTTPServer
import ImgurAdapter
import ImgurSandbox
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The adapter against a running sandbox, end to end over loopback.
@Suite struct SandboxIntegrationTests {
    @Test(arguments: [false, true])
    func codeSignInThenUserInfo(sendRedirectURI: Bool) async throws {
        let callbacks = Mutex<[String: String]>([:])
        let callbackServer = try HTTPServer { request in
            callbacks.withLock { $0 = request.query }
            return .html("<p>Signed in; you can close this window.</p>")
        }
        defer { callbackServer.stop() }
        let sandbox = try makeSandbox {
            $0.autoApprove = true
            $0.redirectURI = callbackServer.baseURL.absoluteString + "/callback"
        }
        defer { sandbox.stop() }
        let configuration = adapterConfiguration(for: sandbox.baseURL)
        let state = UUID().uuidString
        let persisted = EventLog()

        let redirectURI = sendRedirectURI ? callbackServer.baseURL.absoluteString + "/callback" : nil

        let authorize = ImgurAuthorization.url(configuration: configuration, responseType: .code, state: state,
                                               redirectURI: redirectURI)
        let (_, response) = try await URLSession(configuration: .ephemeral).data(from: authorize)
        let query = callbacks.withLock { $0 }
        let code = try #require(query["code"])
        let sso = try await imgurSSO(authorizationCode: code, redirectURI: redirectURI, configuration: configuration,
                                     persist: { persisted.append("persisted \($0.accessToken)") })
        let info = try await sso.userInfo()

        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(query["state"] == state)
        #expect(info.username == "sandbox_user")
        #expect(info.email == "sandbox_user@example.com")
        #expect(info.accountID == 1_000_001)
        #expect(persisted.elements.count == 1)
        #expect(sandbox.tokenRequestCount() == 1)
    }

    @Test func reusedCodeRequiresSignIn() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        await #expect {
            _ = try await imgurSSO(authorizationCode: "never-issued", redirectURI: nil,
                                   configuration: adapterConfiguration(for: sandbox.baseURL), persist: { _ in })
        } throws: { error in
            (error as? ImgurError)?.kind == .signInRequired
        }
    }

    @Test func mismatchedRedirectURIRejected() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        await #expect {
            _ = try await imgurSSO(authorizationCode: "x", redirectURI: "http://localhost:3000/other",
                                   configuration: adapterConfiguration(for: sandbox.baseURL), persist: { _ in })
        } throws: { error in
            (error as? ImgurError)?.detail == "The redirect URI provided is missing or does not match"
        }
    }

    @Test func uploadStoresExactBytes() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let (sso, _) = signedInClient(sandbox)
        let file = imageFixture("exif_orient1_Landscape_1.jpg")

        let image = try await sso.uploadImage(at: file, title: "Landscape", description: nil, name: "landscape.jpg", album: nil)
        let stored = try #require(sandbox.storedImages().first)

        #expect(stored.sha256 == (try sha256Hex(of: file)))
        #expect(stored.id == image.id)
        #expect(image.accountID == 1_000_001)
        #expect(image.width == 1800)
        #expect(image.height == 1200)
        #expect(image.type == "image/jpeg")
        #expect(image.name == "landscape.jpg")
        #expect(image.link == "\(sandbox.baseURL.absoluteString)/\(image.id).jpg")
        #expect(image.deletehash?.count == 15)
        #expect(await sso.rateLimit?.postLimit == 1250)
    }

    @Test func utf8FieldsArriveByteIdentical() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let (sso, _) = signedInClient(sandbox)
        let title = "Привет 👋 café"
        let description = "a & b = c %20 +"

        let image = try await sso.uploadImage(at: imageFixture("pngsuite_basn6a08.png"), title: title,
                                              description: description, name: description, album: nil)
        let stored = try #require(sandbox.storedImages().first)

        #expect(Array(stored.title?.utf8 ?? "".utf8) == Array(title.utf8))
        #expect(Array(stored.description?.utf8 ?? "".utf8) == Array(description.utf8))
        #expect(stored.name == description)
        #expect(image.title == title)
        #expect(image.description == description)
    }

    @Test func albumListingDeleteAndCredits() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let (sso, _) = signedInClient(sandbox)

        let album = try await sso.createAlbum(title: "Трип 2026")
        let image = try await sso.uploadImage(at: imageFixture("pngsuite_basn3p08.png"), title: nil, description: nil,
                                              name: nil, album: album.id)
        let listed = try await sso.accountImages()
        let credits = try await sso.credits()
        try await sso.deleteImage(image.id)
        let afterDelete = try await sso.accountImages()

        #expect(album.id.count == 7)
        #expect(sandbox.storedImages().isEmpty)
        #expect(listed.map(\.id) == [image.id])
        #expect(afterDelete.isEmpty)
        #expect(credits.clientLimit == 12_500)
        #expect(credits.userRemaining != nil)
    }

    @Test func deleteUnknownImageRejected() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let (sso, _) = signedInClient(sandbox)

        await #expect {
            try await sso.deleteImage("missing")
        } throws: { error in
            let error = error as? ImgurError
            return error?.kind == .rejected && error?.status == 404
        }
    }

    @Test func rejectedTokenRefreshedOnce() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let persisted = EventLog()
        let (sso, provider) = signedInClient(sandbox, persisted: persisted)
        let oldToken = await provider.tokens.accessToken

        sandbox.expireAccessTokens()
        let image = try await sso.uploadImage(at: imageFixture("pngsuite_basn6a08.png"), title: nil, description: nil,
                                              name: nil, album: nil)

        #expect(image.accountID == 1_000_001)
        #expect(sandbox.tokenRequestCount() == 1)
        #expect(await provider.tokens.accessToken != oldToken)
        #expect(persisted.elements.count == 1)
    }

    @Test func rejectedRefreshTokenRequiresSignIn() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let configuration = adapterConfiguration(for: sandbox.baseURL)
        let provider = ImgurTokenProvider(configuration: configuration,
                                          tokens: ImgurTokens(accessToken: "stale-access", refreshToken: "stale-refresh"))
        let sso = ImgurSSO(configuration: configuration, tokenProvider: provider)

        await #expect {
            _ = try await sso.userInfo()
        } throws: { error in
            let error = error as? ImgurError
            return error?.kind == .signInRequired && error?.detail == "Invalid refresh token"
                && error?.description.contains("stale-refresh") == false
                && error?.description.contains("imgpipe-sandbox-secret") == false
        }
    }

    @Test func anonymousUploadHasNoAccount() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let sso = ImgurSSO.anonymous(configuration: adapterConfiguration(for: sandbox.baseURL))

        let image = try await sso.uploadImage(at: imageFixture("pillow_iss634.gif"), title: nil, description: nil,
                                              name: nil, album: nil)
        let deletehash = try #require(image.deletehash)
        try await sso.deleteImage(deletehash)

        #expect(image.accountID == 0)
        #expect(image.animated == true)
        #expect(image.mp4 != nil)
        #expect(sandbox.storedImages().isEmpty)
        #expect(sandbox.tokenRequestCount() == 0)
    }

    @Test func unsupportedTypeRejectedWithCode() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let sso = ImgurSSO.anonymous(configuration: adapterConfiguration(for: sandbox.baseURL))

        await #expect {
            _ = try await sso.uploadImage(at: imageFixture("pillow_hopper.webp"), title: nil, description: nil,
                                          name: nil, album: nil)
        } throws: { error in
            let error = error as? ImgurError
            return error?.kind == .rejected && error?.code == 1003 && error?.isRetryable == false
        }
    }

    @Test func spentBudgetIsRateLimited() async throws {
        let sandbox = try makeSandbox { $0.uploadBudget = 0 }
        defer { sandbox.stop() }
        let sso = ImgurSSO.anonymous(configuration: adapterConfiguration(for: sandbox.baseURL))

        await #expect {
            _ = try await sso.uploadImage(at: imageFixture("pngsuite_basn6a08.png"), title: nil, description: nil,
                                          name: nil, album: nil)
        } throws: { error in
            let error = error as? ImgurError
            let retryAfter = error?.retryAfter ?? .zero
            return error?.kind == .rateLimited && error?.scope == .client
                && retryAfter > .seconds(86000) && retryAfter <= .seconds(86400)
        }
    }

    @Test func eightConcurrentRequestsShareOneRefresh() async throws {
        let sandbox = try makeSandbox { $0.rotateRefreshTokens = true }
        defer { sandbox.stop() }
        let log = EventLog()
        let proxy = try RecordingProxy(target: sandbox.baseURL, log: log)
        defer { proxy.stop() }
        let pair = sandbox.issueTokens()
        let configuration = adapterConfiguration(for: proxy.server.baseURL)
        let persistStarted = Signal()
        let provider = ImgurTokenProvider(
            configuration: configuration,
            tokens: ImgurTokens(accessToken: pair.accessToken, refreshToken: pair.refreshToken),
            persist: { tokens in
                // A slow store widens the window in which a request could use the token too early.
                await persistStarted.fire()
                try await Task.sleep(for: .milliseconds(200))
                log.append("persisted \(tokens.accessToken) \(tokens.refreshToken)")
            })
        let sso = ImgurSSO(configuration: configuration, tokenProvider: provider)

        sandbox.expireAccessTokens()
        let usernames = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try await sso.userInfo().username }
            }
            // A ninth request that starts while the new pair is being persisted.
            group.addTask {
                await persistStarted.wait()
                return try await sso.userInfo().username
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let events = log.elements
        let newTokens = await provider.tokens
        let persistedIndex = try #require(events.firstIndex { $0.hasPrefix("persisted ") })
        let firstUseIndex = try #require(events.firstIndex { $0.hasPrefix("used \(newTokens.accessToken)") })

        #expect(usernames == Array(repeating: "sandbox_user", count: 9))
        #expect(sandbox.tokenRequestCount() == 1)
        #expect(events.filter { $0.hasPrefix("persisted ") }.count == 1)
        #expect(events[persistedIndex] == "persisted \(newTokens.accessToken) \(newTokens.refreshToken)")
        #expect(newTokens.refreshToken != pair.refreshToken)
        #expect(persistedIndex < firstUseIndex)
    }

    @Test func proactiveRefreshBeforeExpiry() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let pair = sandbox.issueTokens()
        let provider = ImgurTokenProvider(
            configuration: adapterConfiguration(for: sandbox.baseURL),
            tokens: ImgurTokens(accessToken: pair.accessToken, refreshToken: pair.refreshToken,
                                expiresAt: Date().addingTimeInterval(10)))

        let token = try await provider.accessToken()

        #expect(token != pair.accessToken)
        #expect(sandbox.tokenRequestCount() == 1)
        #expect(try await provider.accessToken() == token)
    }
}
