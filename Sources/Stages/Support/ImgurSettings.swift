import ImgurAdapter
import Pipeline

/// Builds the adapter's configuration from the environment (`IMGUR_CLIENT_ID`,
/// `IMGUR_CLIENT_SECRET`, `IMGUR_API_URL`).
enum ImgurSettings {
    static func configuration(from environment: [String: String]) throws -> ImgurConfiguration {
        guard let configuration = ImgurConfiguration.fromEnvironment(environment) else {
            throw StageError(
                "IMGUR_CLIENT_ID is not set: register an application at https://api.imgur.com/oauth2/addclient " +
                "and export its client id (and IMGUR_CLIENT_SECRET for signed-in uploads)",
                stopsRun: .signInRequired("IMGUR_CLIENT_ID is not set")
            )
        }
        return configuration
    }
}
