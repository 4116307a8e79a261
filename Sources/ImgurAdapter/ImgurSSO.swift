import Foundation

/// Client for the Imgur API, signed in to an account through a token provider or anonymous
/// with the client id.
///
/// A request whose access token is rejected (401, or 403 "The access token provided is
/// invalid.") is retried once after one refresh through the provider. A second rejection is
/// thrown as `.tokenRejected`, never retried again.
public struct ImgurSSO: Sendable {
    enum Credentials: Sendable {
        case account(ImgurTokenProvider)
        case anonymous
    }

    let configuration: ImgurConfiguration
    let credentials: Credentials
    let transport: ImgurTransport

    public init(configuration: ImgurConfiguration, tokenProvider: ImgurTokenProvider) {
        self.init(configuration: configuration, credentials: .account(tokenProvider))
    }

    /// Creates a client that sends `Authorization: Client-ID`, so uploads are anonymous.
    public static func anonymous(configuration: ImgurConfiguration) -> ImgurSSO {
        ImgurSSO(configuration: configuration, credentials: .anonymous)
    }

    private init(configuration: ImgurConfiguration, credentials: Credentials) {
        self.configuration = configuration
        self.credentials = credentials
        self.transport = ImgurTransport(configuration: configuration)
    }

    /// Rate-limit headers of the last response that carried any.
    public var rateLimit: ImgurRateLimit? {
        get async { transport.rateLimit }
    }

    /// Sends an authorized request and returns the `data` member of its enveloped response.
    func call(
        _ method: String,
        _ path: String,
        body: ImgurTransport.Body = .none,
        deadline: Duration? = nil
    ) async throws -> JSONValue {
        let label = "\(method) \(path)"
        let response = try await send(method, path, body: body, deadline: deadline ?? configuration.requestTimeout)
        return try ImgurResponseDecoder.envelopeData(response, request: label)
    }

    private func send(_ method: String, _ path: String, body: ImgurTransport.Body, deadline: Duration) async throws -> ImgurHTTPResponse {
        let url = configuration.endpoint(path)
        switch credentials {
        case .anonymous:
            return try await transport.send(method, url, headers: headers("Client-ID \(configuration.clientID)"),
                                            body: body, deadline: deadline)
        case .account(let provider):
            let token = try await provider.accessToken()
            let response = try await transport.send(method, url, headers: headers("Bearer \(token)"),
                                                    body: body, deadline: deadline)
            guard ImgurResponseDecoder.isTokenRejection(response) else { return response }

            let freshToken = try await provider.refresh(rejected: token)
            return try await transport.send(method, url, headers: headers("Bearer \(freshToken)"),
                                            body: body, deadline: deadline)
        }
    }

    private func headers(_ authorization: String) -> [String: String] {
        ["Authorization": authorization, "Accept": "application/json"]
    }

    /// Decodes a typed model from a response's `data`, as `.unexpectedResponse` when it does not fit.
    func decode<T: Decodable>(_ type: T.Type, from data: JSONValue, request: String) throws -> T {
        do {
            return try data.decode(T.self)
        } catch {
            throw ImgurError(kind: .unexpectedResponse, detail: "the response data is not a valid \(T.self)",
                             request: request)
        }
    }
}
