import Foundation
import ImgurSandbox

/// `imgpipe sandbox`: start the local Imgur-compatible sandbox server.
public struct SandboxCommand: Command {
    public let spec = CommandSpec(
        "sandbox",
        summary: "Start the local Imgur-compatible sandbox server.",
        options: [
            .value("port", valueName: "PORT", help: "Port to listen on; 0 picks a free one.", default: "0"),
            .value("redirect-uri", valueName: "URI", help: "Sign-in callback the sandbox redirects to (default: $IMGUR_REDIRECT_URI, else http://localhost:3000/callback)."),
            .value("data-dir", valueName: "DIR", help: "Folder for uploaded files (default: the state directory's sandbox/)."),
            .flag("auto-approve", help: "Approve every sign-in at once, without showing the approval page."),
            .flag("print-tokens", help: "Mint a token pair for the sandbox user and print it as export lines (sandbox tokens only)."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let environment = try invocation.effectiveEnvironment()
        let portText = invocation.arguments.value("port") ?? "0"
        guard let port = UInt16(portText) else {
            throw UsageError("invalid port '\(portText)' for --port; use 0 to 65535", command: spec.displayName)
        }
        let dataDirectory = invocation.arguments.value("data-dir") ?? invocation.locations.stateDirectory + "/sandbox"

        var configuration = SandboxConfiguration(dataDirectory: URL(fileURLWithPath: dataDirectory))
        configuration.port = port
        configuration.autoApprove = invocation.arguments.flag("auto-approve")
        if let redirect = invocation.arguments.value("redirect-uri") ?? environment["IMGUR_REDIRECT_URI"] {
            configuration.redirectURI = redirect
        }

        let output = invocation.standardOutput
        let service = SandboxService(configuration: configuration, printTokens: invocation.arguments.flag("print-tokens")) { output.line($0) }
        try await service.serve()
        return .success
    }
}
