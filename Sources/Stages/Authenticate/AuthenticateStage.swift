import Foundation
import ImgurAdapter
import Pipeline

/// Resolves the Imgur account once per run, makes sure its token works before anything is
/// uploaded, and tags each item with the account name.
public struct AuthenticateStage: PipelineStage {
    public let type = StageType.authenticate
    let definition: StageDefinition
    let registry: SessionRegistry

    public init(definition: StageDefinition, registry: SessionRegistry) {
        self.definition = definition
        self.registry = registry
    }

    /// The account a run uploads under: `anonymous: true`, else the stage's own `account`
    /// when the definition sets it, else the `--account` profile (`IMGPIPE_ACCOUNT`), else
    /// `default`.
    static func account(of definition: StageDefinition, environment: [String: String]) -> AccountReference {
        if definition.options.boolean("anonymous") == true {
            return .anonymous
        }
        if definition.options.positions["account"] == nil,
           let profile = environment["IMGPIPE_ACCOUNT"], !profile.isEmpty {
            return .named(profile)
        }
        return .named(definition.options.string("account") ?? "default")
    }

    public func prepare(_ run: RunContext) async throws {
        let account = Self.account(of: definition, environment: run.environment)
        let configuration = try ImgurSettings.configuration(from: run.environment)
        let session = try await ImgurErrorMapping.performSetup(apiURL: configuration.apiURL, runID: run.runID) {
            try await makeSession(for: account, configuration: configuration, environment: run.environment)
        }

        var payload: [String: JSONValue] = ["account": .string(account.description)]
        if case .named = account {
            let user = try await ImgurErrorMapping.performSetup(apiURL: configuration.apiURL, runID: run.runID) {
                try await session.userInfo()
            }
            payload["username"] = .string(user.username)
            run.logger.info("signed in to Imgur", ["run": run.runID.rawValue, "account": account.description, "username": user.username])
        }
        registry.register(session, for: account)
        try await run.record("account.resolved", stage: type, payload)
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        let account = Self.account(of: definition, environment: run.environment)
        var next = item
        next.account = account
        return .next(next, output: ["account": .string(account.description)])
    }

    /// Resolves a named account through the token store in the config directory, which
    /// `IMGUR_ACCESS_TOKEN` and `IMGUR_REFRESH_TOKEN` seed.
    private func makeSession(for account: AccountReference, configuration: ImgurConfiguration, environment: [String: String]) async throws -> ImgurSSO {
        guard case .named(let name) = account else {
            return ImgurSSO.anonymous(configuration: configuration)
        }
        return try await AccountResolver(environment: environment).session(for: name, configuration: configuration)
    }
}
