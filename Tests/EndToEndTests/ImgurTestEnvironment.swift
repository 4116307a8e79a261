import Foundation

/// The child environment for a test against a loopback Imgur: this process's environment
/// without any Imgur or imgpipe setting, then the given client, tokens and folders.
func imgurTestEnvironment(
    apiURL: URL,
    clientID: String,
    clientSecret: String,
    tokens: (accessToken: String, refreshToken: String),
    folder: URL
) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("IMGUR_") && !$0.key.hasPrefix("IMGPIPE_") }
    environment["IMGUR_CLIENT_ID"] = clientID
    environment["IMGUR_CLIENT_SECRET"] = clientSecret
    environment["IMGUR_API_URL"] = apiURL.absoluteString
    environment["IMGUR_ACCESS_TOKEN"] = tokens.accessToken
    environment["IMGUR_REFRESH_TOKEN"] = tokens.refreshToken
    environment["IMGPIPE_STATE_DIR"] = folder.appendingPathComponent("state").path
    environment["IMGPIPE_CONFIG_DIR"] = folder.appendingPathComponent("config").path
    return environment
}
