import Foundation
import ImgurAdapter
import Testing
@testable import Stages

@Suite struct TokenStoreTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-store-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var path: String { folder.appendingPathComponent("credentials.json").path }

    func mode(of path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    func entry(_ access: String, _ refresh: String) -> StoredAccount {
        StoredAccount(tokens: ImgurTokens(accessToken: access, refreshToken: refresh))
    }

    @Test func modeIs0600AfterEveryWrite() async throws {
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        let store = TokenStore(path: path)
        let previous = umask(0)
        defer { umask(previous) }

        for index in 0..<3 {
            try await store.update { $0.accounts["a\(index)"] = entry("access\(index)", "refresh\(index)") }
            #expect(try mode(of: path) == 0o600)
        }
    }

    @Test func crashBeforeRenameKeepsOldFile() async throws {
        try await TokenStore(path: path).update { $0.accounts["default"] = entry("old-access", "old-refresh") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        struct SimulatedCrash: Error {}
        let crashing = TokenStore(path: path, beforeRename: { throw SimulatedCrash() })
        await #expect(throws: SimulatedCrash.self) {
            try await crashing.update { $0.accounts["default"] = entry("new-access", "new-refresh") }
        }

        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try mode(of: path) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func concurrentUpdatesAllLand() async throws {
        let store = TokenStore(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    // A separate store per task, as separate processes would have.
                    try await TokenStore(path: store.path).update { $0.accounts["a\(index)"] = entry("x\(index)", "y\(index)") }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.document().accounts.count == 16)
    }

    @Test func environmentSeedsEmptyStore() async throws {
        let resolver = AccountResolver(store: TokenStore(path: path),
                                       environment: ["IMGUR_ACCESS_TOKEN": "seed-access", "IMGUR_REFRESH_TOKEN": "seed-refresh"])
        let stored = try await resolver.storedAccount("default")
        #expect(stored.accessToken == "seed-access")
        #expect(stored.refreshToken == "seed-refresh")
    }

    @Test func rotatedTokenWinsOverSameSeed() async throws {
        let environment = ["IMGUR_ACCESS_TOKEN": "seed-access", "IMGUR_REFRESH_TOKEN": "seed-refresh"]
        let store = TokenStore(path: path)
        _ = try await AccountResolver(store: store, environment: environment).storedAccount("default")
        try await store.update { document in
            document.accounts["default"]?.apply(refreshed: ImgurTokens(accessToken: "new-access", refreshToken: "rotated"), at: Date())
        }

        let stored = try await AccountResolver(store: store, environment: environment).storedAccount("default")
        #expect(stored.refreshToken == "rotated")
    }

    @Test func newSeedReplacesStoredPair() async throws {
        let store = TokenStore(path: path)
        _ = try await AccountResolver(store: store, environment: ["IMGUR_ACCESS_TOKEN": "a1", "IMGUR_REFRESH_TOKEN": "r1"]).storedAccount("default")
        let stored = try await AccountResolver(store: store, environment: ["IMGUR_ACCESS_TOKEN": "a2", "IMGUR_REFRESH_TOKEN": "r2"]).storedAccount("default")
        #expect(stored.refreshToken == "r2")
    }

    @Test func missingTokensRequireSignIn() async throws {
        let resolver = AccountResolver(store: TokenStore(path: path), environment: [:])
        await #expect { try await resolver.storedAccount("work") } throws: { error in
            (error as? ImgurError)?.kind == .signInRequired && "\(error)".contains("'work'")
        }
    }

    @Test func rejectedAccountRequiresSignIn() async throws {
        let store = TokenStore(path: path)
        try await store.update { document in
            var stored = entry("a", "r")
            stored.signInProblem = "Invalid refresh token"
            document.accounts["default"] = stored
        }
        let resolver = AccountResolver(store: store, environment: [:])
        await #expect { try await resolver.storedAccount("default") } throws: { error in
            (error as? ImgurError)?.kind == .signInRequired && "\(error)".contains("Invalid refresh token")
        }
    }
}

extension TokenStoreTests {
    @Test func descriptionOmitsTokens() {
        let text = "\(entry("secret-access", "secret-refresh"))"
        #expect(!text.contains("secret-access"))
        #expect(!text.contains("secret-refresh"))
    }
}
