import Foundation
import ImgurAdapter

/// One sign-in attempt: the response type, its random `state` and the authorize URL to open.
struct AuthorizationRequest {
    let responseType: ImgurAuthorization.ResponseType
    /// Random per attempt; a callback carrying any other value is treated as forged.
    let state: String
    /// Sent only when `IMGUR_REDIRECT_URI` is set, then byte-identical to it, because Imgur
    /// rejects a `redirect_uri` that differs from the registered callback in any byte.
    let redirectURI: String?
    let url: URL

    init(
        configuration: ImgurConfiguration,
        responseType: ImgurAuthorization.ResponseType,
        redirectURI: String?,
        state: String = AuthorizationRequest.randomState()
    ) {
        self.responseType = responseType
        self.state = state
        self.redirectURI = redirectURI
        url = ImgurAuthorization.url(configuration: configuration, responseType: responseType,
                                     state: state, redirectURI: redirectURI)
    }

    /// Returns 32 bytes from the system's cryptographically secure generator, as hex.
    static func randomState() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
