/// `imgpipe demo`: run the demo pipeline against the sandbox and a local webhook receiver.
public struct DemoCommand: Command {
    public let spec = CommandSpec(
        "demo",
        summary: "Run the demo pipeline against the sandbox and a local webhook receiver.",
        options: [
            .flag("json", help: "Print the run's result as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        throw CommandFailure.notImplemented(spec)
    }
}
