import Foundation
import HTTPServer
@testable import ImgurAdapter
import Testing

@Suite struct RateLimitTests {
    @Test func headersReadWithoutCase() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let rateLimit = try #require(ImgurRateLimit(headers: [
            "x-ratelimit-userlimit": "500", "X-RATELIMIT-USERREMAINING": "12", "X-RateLimit-UserReset": "1700003600",
            "X-RateLimit-ClientRemaining": "0", "X-RateLimit-ClientReset": "86400", "X-Post-Rate-Limit-Reset": "3600",
        ], now: now))

        #expect(rateLimit.userLimit == 500)
        #expect(rateLimit.userRemaining == 12)
        #expect(rateLimit.userReset == Date(timeIntervalSince1970: 1_700_003_600))
        #expect(rateLimit.clientReset == now.addingTimeInterval(86400))
        #expect(rateLimit.postReset == now.addingTimeInterval(3600))
        #expect(rateLimit.exhaustedScope == .client)
        #expect(rateLimit.timeUntilReset(of: .client, now: now) == .seconds(86400))
    }

    @Test func noHeadersGivesNil() {
        #expect(ImgurRateLimit(headers: ["Content-Type": "application/json"]) == nil)
    }

    @Test func userScopeWhenOnlyUserSpent() throws {
        let rateLimit = try #require(ImgurRateLimit(headers: ["X-RateLimit-UserRemaining": "0",
                                                              "X-RateLimit-ClientRemaining": "100"]))
        #expect(rateLimit.exhaustedScope == .user)
    }
}

@Suite struct ConfigurationTests {
    @Test func environmentWithClientID() throws {
        let configuration = try #require(ImgurConfiguration.fromEnvironment([
            "IMGUR_CLIENT_ID": "abc", "IMGUR_CLIENT_SECRET": "def", "IMGUR_API_URL": "http://127.0.0.1:9999",
        ]))

        #expect(configuration.clientID == "abc")
        #expect(configuration.clientSecret == "def")
        #expect(configuration.apiURL.absoluteString == "http://127.0.0.1:9999")
        #expect(configuration.maxConnectionsPerHost >= 8)
    }

    @Test func environmentWithoutClientID() {
        #expect(ImgurConfiguration.fromEnvironment([:]) == nil)
        #expect(ImgurConfiguration.fromEnvironment(["IMGUR_CLIENT_ID": "  "]) == nil)
        #expect(ImgurConfiguration.fromEnvironment(["IMGUR_CLIENT_ID": "x"])?.apiURL.absoluteString == "https://api.imgur.com")
    }

    @Test func authorizationURLEncodesOnce() throws {
        let configuration = ImgurConfiguration(clientID: "id 1", apiURL: try #require(URL(string: "http://127.0.0.1:1/")))

        let plain = ImgurAuthorization.url(configuration: configuration, responseType: .code, state: "a&b")
        let withRedirect = ImgurAuthorization.url(configuration: configuration, responseType: .token, state: "s",
                                                  redirectURI: "http://localhost:3000/callback")

        #expect(plain.absoluteString == "http://127.0.0.1:1/oauth2/authorize?client_id=id%201&response_type=code&state=a%26b")
        #expect(withRedirect.absoluteString.hasSuffix("&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback"))
    }

    @Test func fragmentTokensParsed() throws {
        let now = Date(timeIntervalSince1970: 1000)
        let tokens = try #require(ImgurAuthorization.tokens(
            fromFragment: "access_token=aa&expires_in=3600&token_type=bearer&refresh_token=bb&account_username=u%20x&account_id=7",
            now: now))

        #expect(tokens.accessToken == "aa")
        #expect(tokens.refreshToken == "bb")
        #expect(tokens.expiresAt == now.addingTimeInterval(3600))
        #expect(tokens.accountUsername == "u x")
        #expect(tokens.accountID == 7)
        #expect(ImgurAuthorization.tokens(fromFragment: "error=access_denied") == nil)
    }

    @Test func descriptionsHideSecrets() {
        let tokens = ImgurTokens(accessToken: "secret-access", refreshToken: "secret-refresh", accountUsername: "me")
        let configuration = ImgurConfiguration(clientID: "id", clientSecret: "secret-client")

        #expect(!"\(tokens)".contains("secret"))
        #expect(!String(reflecting: tokens).contains("secret"))
        #expect(!"\(configuration)".contains("secret-client"))
        #expect(!String(reflecting: configuration).contains("secret-client"))
    }

    @Test func formEncodingEscapesReserved() {
        #expect(FormEncoding.encode([("t", "a & b = c %20 +")]) == "t=a%20%26%20b%20%3D%20c%20%2520%20%2B")
    }
}

@Suite struct TransportTests {
    @Test func totalDeadlineEnforced() async throws {
        let server = try HTTPServer { _ in
            try? await Task.sleep(for: .seconds(120))
            return .text("late")
        }
        defer { server.stop() }
        let configuration = ImgurConfiguration(clientID: "c", apiURL: server.baseURL, requestTimeout: .milliseconds(300))
        let sso = ImgurSSO.anonymous(configuration: configuration)

        let elapsed = await ContinuousClock().measure {
            await #expect {
                _ = try await sso.credits()
            } throws: { error in
                let error = error as? ImgurError
                return error?.kind == .transport && error?.isRetryable == true
                    && error?.description.contains("300 ms") == true
            }
        }

        // The handler answers after 120 s, so finishing well before that shows the 300 ms
        // deadline fired; the margin absorbs a loaded test machine.
        #expect(elapsed < .seconds(60))
    }

    @Test func refusedConnectionIsTransportError() async throws {
        let refusing = try RefusingPort()
        let sso = ImgurSSO.anonymous(configuration: ImgurConfiguration(clientID: "c", apiURL: refusing.url))

        await #expect {
            _ = try await sso.credits()
        } throws: { error in
            (error as? ImgurError)?.kind == .transport
        }
        withExtendedLifetime(refusing) {}
    }

    @Test func oversizedImageRejectedLocally() async throws {
        let requests = RequestLog()
        let server = try HTTPServer { request in
            requests.append(request)
            return .text("")
        }
        defer { server.stop() }
        let file = try temporaryFile(named: "big.png", contents: Data(count: 10_000_001))
        let sso = ImgurSSO.anonymous(configuration: ImgurConfiguration(clientID: "c", apiURL: server.baseURL))

        await #expect {
            _ = try await sso.uploadImage(at: file, title: nil, description: nil, name: nil, album: nil)
        } throws: { error in
            let error = error as? ImgurError
            return error?.kind == .rejected && error?.detail.contains("10000000") == true
        }
        #expect(requests.elements.isEmpty)
    }

    @Test func missingFileRejected() async throws {
        let sso = ImgurSSO.anonymous(configuration: ImgurConfiguration(clientID: "c", apiURL: URL(string: "http://127.0.0.1:1")!))

        await #expect {
            _ = try await sso.uploadImage(at: URL(fileURLWithPath: "/nonexistent/file.png"), title: nil,
                                          description: nil, name: nil, album: nil)
        } throws: { error in
            (error as? ImgurError)?.detail.contains("/nonexistent/file.png") == true
        }
    }

    /// A video over the in-memory limit goes through a temporary multipart file: the sandbox
    /// stores the exact bytes and the temporary file is gone afterwards.
    @Test func largeVideoSentThroughTemporaryFile() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let video = try temporaryFile(named: "clip.mp4", contents: Self.mp4(bytes: ImgurSSO.maxImageBytes + 1_000_000))
        let folder = video.deletingLastPathComponent().appendingPathComponent("multipart")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = adapterConfiguration(for: sandbox.baseURL)
        configuration.temporaryDirectory = folder
        let sso = ImgurSSO.anonymous(configuration: configuration)

        let uploaded = try await sso.uploadVideo(at: video, title: nil, description: nil, name: "clip", album: nil)
        let stored = try #require(sandbox.storedImages().first)

        #expect(stored.sha256 == (try sha256Hex(of: video)))
        #expect(uploaded.type == "video/mp4")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// Shows which uploads need the temporary directory: with none usable, an image still
    /// uploads from memory and a large video fails with an error naming the file.
    @Test func temporaryDirectoryOnlyForLargeBodies() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }
        let video = try temporaryFile(named: "clip.mp4", contents: Self.mp4(bytes: ImgurSSO.maxImageBytes + 1))
        var configuration = adapterConfiguration(for: sandbox.baseURL)
        configuration.temporaryDirectory = video.deletingLastPathComponent().appendingPathComponent("missing")
        let sso = ImgurSSO.anonymous(configuration: configuration)

        _ = try await sso.uploadImage(at: imageFixture("pngsuite_basn6a08.png"), title: nil, description: nil,
                                      name: nil, album: nil)
        await #expect {
            _ = try await sso.uploadVideo(at: video, title: nil, description: nil, name: nil, album: nil)
        } throws: { error in
            (error as? ImgurError)?.detail.contains("could not prepare \(video.path)") == true
        }
        #expect(sandbox.storedImages().count == 1)
    }

    /// Returns an MP4 header padded to `bytes` in all with a repeated 4 KB pattern, which a
    /// debug build writes quickly.
    private static func mp4(bytes: Int) -> Data {
        var data = Data([0, 0, 0, 0x18]) + Data("ftypisom".utf8) + Data(count: 12)
        let pattern = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
        while data.count + pattern.count <= bytes {
            data.append(pattern)
        }
        data.append(pattern.prefix(bytes - data.count))
        return data
    }
}

@Suite struct ResponseDecoderTests {
    @Test(arguments: [
        ("", "HTTP 502 with an empty body"),
        ("not json at all", "not json at all"),
        (#"{"data": {"error": {"message": "Nested"}}, "success": false}"#, "Nested"),
        (#"{"error": "invalid_grant", "error_description": "Bad code"}"#, "invalid_grant: Bad code"),
        (#"[1, 2, 3]"#, "[1, 2, 3]"),
        (#"{"data": null}"#, #"{"data": null}"#),
    ])
    func oddShapesNeverCrash(_ body: String, _ expected: String) {
        let response = ImgurHTTPResponse(status: 502, headers: [:], body: Data(body.utf8))

        let error = ImgurResponseDecoder.error(for: response, request: "GET /3/x", endpoint: .api)

        #expect(error.kind == .serverError)
        #expect(error.detail == expected)
    }

    @Test func successFalseUnderHTTP200() {
        let body = #"{"data": {"error": "Imgur is temporarily over capacity. Please try again later."}, "success": false, "status": 1203}"#
        let response = ImgurHTTPResponse(status: 200, headers: [:], body: Data(body.utf8))

        #expect(throws: ImgurError.self) {
            _ = try ImgurResponseDecoder.envelopeData(response, request: "POST /3/image")
        }
        #expect(ImgurResponseDecoder.error(for: response, request: "POST /3/image", endpoint: .api).kind == .serverError)
    }

    @Test func forbiddenWithoutTokenMessageIsRejected() {
        let body = #"{"data": {"error": "Permission denied"}, "success": false, "status": 403}"#
        let response = ImgurHTTPResponse(status: 403, headers: [:], body: Data(body.utf8))

        #expect(!ImgurResponseDecoder.isTokenRejection(response))
        #expect(ImgurResponseDecoder.error(for: response, request: "DELETE /3/image/x", endpoint: .api).kind == .rejected)
    }
}
