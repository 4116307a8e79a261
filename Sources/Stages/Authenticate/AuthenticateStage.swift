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
        let session = try await ImgurErrorMapping.perform {
            try await makeSession(configuration: configuration, environment: run.environment)
        }

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

    /// Resolves a named account through the token store in the config directory, which
    /// `IMGUR_ACCESS_TOKEN` and `IMGUR_REFRESH_TOKEN` seed.
    private func makeSession(configuration: ImgurConfiguration, environment: [String: String]) async throws -> ImgurSSO {
        guard case .named(let name) = account else {
            return ImgurSSO.anonymous(configuration: configuration)
        }
        return try await AccountResolver(environment: environment).session(for: name, configuration: configuration)
    }
}
