import Foundation
import HTTPServer
import ImgurAdapter
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Drives the adapter at each recorded Imgur response served from a loopback server, and
/// checks that it reaches the case's expected outcome.
@Suite struct ImgurCaseTests {
    static let oldTokens = ImgurTokens(accessToken: "old-access-token-0000", refreshToken: "old-refresh-token-0000")

    @Test func casesArePresent() {
        #expect(ImgurCase.fileNames.count >= 12)
    }

    @Test(arguments: ImgurCase.fileNames)
    func serverSendsCaseExactly(_ fileName: String) async throws {
        let imgurCase = try ImgurCase.load(fileName)
        let server = try FixtureServer(serving: imgurCase)
        defer { server.stop() }
        var request = URLRequest(url: server.baseURL.appendingPathComponent(imgurCase.path))
        request.httpMethod = imgurCase.method

        let (body, response) = try await URLSession(configuration: .ephemeral).data(for: request)
        let http = try #require(response as? HTTPURLResponse)

        #expect(http.statusCode == imgurCase.status)
        for (name, value) in imgurCase.headers {
            #expect(http.value(forHTTPHeaderField: name) == value, "header \(name)")
        }
        #expect(String(decoding: body, as: UTF8.self) == imgurCase.body)
    }

    @Test(arguments: ImgurCase.fileNames)
    func adapterReachesExpectedOutcome(_ fileName: String) async throws {
        let imgurCase = try ImgurCase.load(fileName)
        let server = try FixtureServer(serving: imgurCase)
        defer { server.stop() }
        let configuration = ImgurConfiguration(clientID: "fixture-client", clientSecret: "fixture-secret",
                                               apiURL: server.baseURL)
        let provider = ImgurTokenProvider(configuration: configuration, tokens: Self.oldTokens)
        let sso = ImgurSSO(configuration: configuration, tokenProvider: provider)

        let result = await Self.drive(imgurCase, sso: sso, provider: provider)

        switch imgurCase.outcome {
        case "success":
            let fields = try result.get()
            for (key, expected) in imgurCase.expect where key != "outcome" {
                Self.check(field: key, expected: expected, in: fields)
            }
        case "refresh_then_retry_once":
            let error = try #require(Self.error(result))
            #expect(error.kind == .tokenRejected)
            #expect(server.requestCount("POST", "/oauth2/token") == 1)
            #expect(server.requestCount(imgurCase.method, imgurCase.path) == 2)
            #expect(await provider.tokens.accessToken != Self.oldTokens.accessToken)
        default:
            let error = try #require(Self.error(result))
            Self.check(error, against: imgurCase)
        }
    }

    /// Calls the adapter method that sends the case's request; returns decoded fields as text.
    static func drive(_ imgurCase: ImgurCase, sso: ImgurSSO, provider: ImgurTokenProvider) async
        -> Result<[String: String], ImgurError> {
        do {
            switch imgurCase.path {
            case "/3/account/me", "/3/account/me/settings":
                let info = try await sso.userInfo()
                return .success(["username": info.username, "email": info.email ?? ""])
            case "/3/image":
                let image = try await sso.uploadImage(at: imageFixture("pngsuite_basn6a08.png"), title: nil,
                                                      description: nil, name: nil, album: nil)
                return .success(["id": image.id, "link": image.link, "deletehash": image.deletehash ?? ""])
            case "/oauth2/token":
                _ = try await provider.refresh(rejected: oldTokens.accessToken)
                let tokens = await provider.tokens
                let expiresIn = tokens.expiresAt.map { Int($0.timeIntervalSinceNow.rounded()) }
                return .success(["account_username": tokens.accountUsername ?? "",
                                 "expires_in": expiresIn.map(String.init) ?? ""])
            case let path where path.hasPrefix("/3/image/"):
                try await sso.deleteImage(String(path.dropFirst("/3/image/".count)))
                return .success([:])
            default:
                Issue.record("no adapter call for \(imgurCase.method) \(imgurCase.path)")
                return .success([:])
            }
        } catch let error as ImgurError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error type: \(error)")
            return .success([:])
        }
    }

    static func error(_ result: Result<[String: String], ImgurError>) -> ImgurError? {
        if case .failure(let error) = result {
            return error
        }
        Issue.record("expected an error, got \(result)")
        return nil
    }

    static func check(field key: String, expected: String, in fields: [String: String]) {
        if key == "expires_in" {
            // Computed from the local clock, so allow a few seconds of test time.
            let actual = Int(fields[key] ?? "") ?? -1
            #expect(abs(actual - (Int(expected) ?? 0)) <= 5, "expires_in")
        } else {
            #expect(fields[key] == expected, "field \(key)")
        }
    }

    static func check(_ error: ImgurError, against imgurCase: ImgurCase) {
        let kinds: [String: ImgurError.Kind] = [
            "login_required": .signInRequired, "rejected": .rejected,
            "rate_limited": .rateLimited, "server_error": .serverError,
        ]
        if let kind = kinds[imgurCase.outcome] {
            #expect(error.kind == kind)
        }
        #expect(error.status == imgurCase.status)
        if let retryable = imgurCase.expect["retryable"] {
            #expect(error.isRetryable == (retryable == "true"))
        }
        if let message = imgurCase.expect["message_contains"] {
            #expect(error.detail.contains(message))
            #expect(error.description.contains(message))
        }
        if let code = imgurCase.expect["code"] {
            #expect(error.code == Int(code))
        }
        if let scope = imgurCase.expect["scope"] {
            #expect(error.scope?.rawValue == scope)
            #expect(error.description.contains(scope))
        }
    }
}
