import Foundation
import ImgurAdapter
import Pipeline

/// Resolves the Imgur account once per run, makes sure its token works before anything is
/// uploaded, and tags each item with the account name.
public struct AuthenticateStage: PipelineStage {
    public let type = StageType.authenticate
    let account: AccountReference
    let registry: SessionRegistry

    public init(definition: StageDefinition, registry: SessionRegistry) {
        let anonymous = definition.options.boolean("anonymous") ?? false
        account = anonymous ? .anonymous : .named(definition.options.string("account") ?? "default")
        self.registry = registry
    }

    public func prepare(_ run: RunContext) async throws {
        let configuration = try ImgurSettings.configuration(from: run.environment)
        let session = try makeSession(configuration: configuration, environment: run.environment)

        var payload: [String: JSONValue] = ["account": .string(account.description)]
        if case .named = account {
            let user = try await ImgurErrorMapping.perform { try await session.userInfo() }
            payload["username"] = .string(user.username)
            run.logger.info("signed in to Imgur", ["run": run.runID.rawValue, "account": account.description, "username": user.username])
        }
        registry.register(session, for: account)
        try await run.record("account.resolved", stage: type, payload)
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        var next = item
        next.account = account
        return .next(next, output: ["account": .string(account.description)])
    }

    private func makeSession(configuration: ImgurConfiguration, environment: [String: String]) throws -> ImgurSSO {
        guard case .named(let name) = account else {
            return ImgurSSO.anonymous(configuration: configuration)
        }
        guard let accessToken = environment["IMGUR_ACCESS_TOKEN"], !accessToken.isEmpty,
              let refreshToken = environment["IMGUR_REFRESH_TOKEN"], !refreshToken.isEmpty
        else {
            throw StageError(
                "sign-in required for Imgur account '\(name)': set IMGUR_ACCESS_TOKEN and IMGUR_REFRESH_TOKEN, " +
                "or set `anonymous: true` on the authenticate stage to upload without an account",
                stopsRun: .signInRequired("sign-in required for Imgur account '\(name)'")
            )
        }
        let tokens = ImgurTokens(accessToken: accessToken, refreshToken: refreshToken, expiresAt: nil, accountUsername: nil, accountID: nil)
        let provider = ImgurTokenProvider(configuration: configuration, tokens: tokens)
        return ImgurSSO(configuration: configuration, tokenProvider: provider)
    }
}
