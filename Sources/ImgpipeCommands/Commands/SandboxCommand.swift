/// `imgpipe sandbox`: start the local Imgur-compatible sandbox server.
public struct SandboxCommand: Command {
    public let spec = CommandSpec(
        "sandbox",
        summary: "Start the local Imgur-compatible sandbox server.",
        options: [
            .value("port", valueName: "PORT", help: "Port to listen on; 0 picks a free one.", default: "0"),
            .value("redirect-uri", valueName: "URI", help: "Sign-in callback the sandbox redirects to (default: $IMGUR_REDIRECT_URI, else http://localhost:3000/callback)."),
            .flag("json", help: "Print the sandbox's URL and client id as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        throw CommandFailure.notImplemented(spec)
    }
}
