import Foundation

/// Exchanges an authorization code for tokens, persists them, and returns a client signed in
/// with them. Send `redirectURI` only when one is configured, byte-identical to the registered
/// callback. Throws `.signInRequired` when Imgur rejects the code.
public func imgurSSO(
    authorizationCode: String,
    redirectURI: String?,
    configuration: ImgurConfiguration,
    persist: @escaping ImgurTokenProvider.PersistHook
) async throws -> ImgurSSO {
    let endpoint = ImgurTokenEndpoint(configuration: configuration, transport: ImgurTransport(configuration: configuration))
    let tokens = try await endpoint.exchange(code: authorizationCode, redirectURI: redirectURI)
    return try await signedIn(with: tokens, configuration: configuration, persist: persist)
}

/// Exchanges a PIN from the `response_type=pin` page like `imgurSSO(authorizationCode:...)`.
public func imgurSSO(
    pin: String,
    configuration: ImgurConfiguration,
    persist: @escaping ImgurTokenProvider.PersistHook
) async throws -> ImgurSSO {
    let endpoint = ImgurTokenEndpoint(configuration: configuration, transport: ImgurTransport(configuration: configuration))
    let tokens = try await endpoint.exchange(pin: pin)
    return try await signedIn(with: tokens, configuration: configuration, persist: persist)
}

private func signedIn(
    with tokens: ImgurTokens,
    configuration: ImgurConfiguration,
    persist: @escaping ImgurTokenProvider.PersistHook
) async throws -> ImgurSSO {
    try await persist(tokens)
    let provider = ImgurTokenProvider(configuration: configuration, tokens: tokens, persist: persist)
    return ImgurSSO(configuration: configuration, tokenProvider: provider)
}
