import Foundation
import ImgurAdapter
import Pipeline
import Stages

/// The settings of a one-shot Imgur command: the merged environment, the adapter's
/// configuration, the token store and the account profile the command acts for.
struct ImgurCommandContext {
    let environment: [String: String]
    let configuration: ImgurConfiguration
    let store: TokenStore
    let account: String

    init(_ invocation: Invocation) throws {
        environment = try invocation.effectiveEnvironment()
        guard let configuration = ImgurConfiguration.fromEnvironment(environment) else {
            throw CommandFailure(
                "IMGUR_CLIENT_ID is not set: register an application at https://api.imgur.com/oauth2/addclient and "
                    + "set IMGUR_CLIENT_ID (and IMGUR_CLIENT_SECRET for signed-in requests) in the environment, .env or "
                    + "client_id in config.yaml",
                exitCode: .signInRequired)
        }
        self.configuration = configuration
        store = TokenStore(configDirectory: invocation.locations.configDirectory)
        account = invocation.accountName(in: environment)
    }

    var resolver: AccountResolver {
        AccountResolver(store: store, environment: environment)
    }

    /// A session signed in as the command's account.
    func signedInSession() async throws -> ImgurSSO {
        try await Self.mapFailures { try await resolver.session(for: account, configuration: configuration) }
    }

    /// Saves the budget the session saw last and the username, for `auth status`; a failure
    /// to save is ignored because the command's own result matters more.
    func recordBudget(of session: ImgurSSO, username: String? = nil) async {
        let rateLimit = await session.rateLimit
        guard rateLimit != nil || username != nil else { return }
        let account = self.account
        _ = try? await store.update { document in
            guard var stored = document.accounts[account] else { return }
            stored.budget = rateLimit.map { StoredBudget($0) } ?? stored.budget
            stored.username = username ?? stored.username
            document.accounts[account] = stored
        }
    }

    /// Runs `operation`, turning adapter and store errors into failures with the exit codes
    /// that imgpipe documents.
    static func mapFailures<Value>(_ operation: () async throws -> Value) async throws -> Value {
        do {
            return try await operation()
        } catch let error as ImgurError {
            throw CommandFailure(message(for: error), exitCode: exitCode(for: error))
        } catch let error as CredentialsError {
            throw CommandFailure(error.description, exitCode: .itemsFailed)
        }
    }

    static func exitCode(for error: ImgurError) -> ExitCode {
        switch error.kind {
        case .signInRequired, .tokenRejected: .signInRequired
        case .rateLimited: .rateLimited
        case .serverError, .transport: .imgurUnavailable
        case .rejected, .unexpectedResponse: .itemsFailed
        }
    }

    static func message(for error: ImgurError) -> String {
        guard error.kind == .rateLimited else { return error.description }
        return "\(RateLimitGate.reason(for: error)): \(error.description)"
    }
}

extension Invocation {
    /// Prints `document` as one JSON document on stdout.
    func printJSON(_ document: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        standardOutput.line(String(decoding: try encoder.encode(document), as: UTF8.self))
    }
}
