import Foundation
import ImgurAdapter
import ImgurSandbox
import Testing
@testable import Stages

/// Token providers that share one credentials file, as separate `imgpipe` processes do, against
/// a sandbox that rotates refresh tokens and rejects a retired one.
@Suite struct StoreBackedRefreshTests {
    let folder: URL
    let sandbox: ImgurSandbox
    let configuration: ImgurConfiguration

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-refresh-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var sandboxConfiguration = SandboxConfiguration(dataDirectory: folder)
        sandboxConfiguration.rotateRefreshTokens = true
        sandbox = try ImgurSandbox(configuration: sandboxConfiguration)
        configuration = ImgurConfiguration(clientID: sandboxConfiguration.clientID, clientSecret: sandboxConfiguration.clientSecret,
                                           apiURL: sandbox.baseURL)
    }

    func resolver(seed: (accessToken: String, refreshToken: String)) -> AccountResolver {
        AccountResolver(store: TokenStore(configDirectory: folder.path),
                        environment: ["IMGUR_ACCESS_TOKEN": seed.accessToken, "IMGUR_REFRESH_TOKEN": seed.refreshToken])
    }

    @Test func providersSharingStoreRefreshOnce() async throws {
        defer { sandbox.stop() }
        let seed = sandbox.issueTokens()
        let providers = [
            try await resolver(seed: seed).tokenProvider(for: "default", configuration: configuration),
            try await resolver(seed: seed).tokenProvider(for: "default", configuration: configuration),
        ]
        sandbox.expireAccessTokens()

        let fresh = try await withThrowingTaskGroup(of: String.self) { group in
            for provider in providers {
                group.addTask { try await provider.refresh(rejected: seed.accessToken) }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }

        #expect(sandbox.tokenRequestCount() == 1)
        #expect(fresh.count == 1)
        let stored = try #require(try await TokenStore(configDirectory: folder.path).account("default"))
        #expect(stored.refreshToken != seed.refreshToken)
        #expect(stored.lastRefresh != nil)
    }

    @Test func rejectedRefreshMarksAccountAndStopsAsking() async throws {
        defer { sandbox.stop() }
        let provider = try await resolver(seed: ("unknown-access", "unknown-refresh"))
            .tokenProvider(for: "default", configuration: configuration)

        await #expect { try await provider.refresh(rejected: "unknown-access") } throws: { error in
            (error as? ImgurError)?.kind == .signInRequired && "\(error)".contains("Invalid refresh token")
        }
        await #expect { try await provider.refresh(rejected: "unknown-access") } throws: { error in
            (error as? ImgurError)?.kind == .signInRequired
        }

        #expect(sandbox.tokenRequestCount() == 1)
        let stored = try #require(try await TokenStore(configDirectory: folder.path).account("default"))
        #expect(stored.signInProblem?.contains("Invalid refresh token") == true)
    }
}

extension StoreBackedRefreshTests {
    @Test func expiringTokenRefreshedBeforeUse() async throws {
        defer { sandbox.stop() }
        let seed = sandbox.issueTokens()
        let store = TokenStore(configDirectory: folder.path)
        try await store.update { document in
            var stored = StoredAccount(tokens: ImgurTokens(accessToken: seed.accessToken, refreshToken: seed.refreshToken))
            stored.expiresAt = Date().addingTimeInterval(30)
            document.accounts["default"] = stored
        }
        let provider = try await AccountResolver(store: store, environment: [:]).tokenProvider(for: "default", configuration: configuration)

        let token = try await provider.accessToken()

        #expect(token != seed.accessToken)
        #expect(sandbox.tokenRequestCount() == 1)
        #expect(try await store.account("default")?.accessToken == token)
    }
}
