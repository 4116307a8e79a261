import Foundation
import ImgurSandbox

/// `imgpipe sandbox`: the Imgur-compatible server, running until SIGINT or SIGTERM.
struct SandboxService {
    let configuration: SandboxConfiguration
    let printTokens: Bool
    let output: @Sendable (String) -> Void

    func serve() async throws {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let sandbox = try ImgurSandbox(configuration: configuration)
        defer { sandbox.stop() }

        output(banner(sandbox))
        if printTokens {
            // Sandbox tokens unlock nothing but this local server, so printing them on request
            // is safe; real Imgur tokens are never printed.
            let tokens = sandbox.issueTokens()
            output("export IMGUR_ACCESS_TOKEN=\(tokens.accessToken)")
            output("export IMGUR_REFRESH_TOKEN=\(tokens.refreshToken)")
        }
        _ = await SignalWatcher.waitForTermination()
        output("sandbox stopped")
    }

    private func banner(_ sandbox: ImgurSandbox) -> String {
        """
        Imgur sandbox listening on \(sandbox.baseURL.absoluteString) (stop with Ctrl-C)
        data folder: \(configuration.dataDirectory.path)
        registered callback: \(configuration.redirectURI)
        Point imgpipe at it with:
        export IMGUR_API_URL=\(sandbox.baseURL.absoluteString)
        export IMGUR_CLIENT_ID=\(configuration.clientID)
        export IMGUR_CLIENT_SECRET=\(configuration.clientSecret)
        """
    }
}
