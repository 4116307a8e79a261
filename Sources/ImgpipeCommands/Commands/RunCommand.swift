/// `imgpipe run`: run a pipeline definition until its items are done.
public struct RunCommand: Command {
    public let spec = CommandSpec(
        "run",
        summary: "Run a pipeline definition until its items are done.",
        options: [
            .flag("json", help: "Print the run's result as one JSON document on stdout."),
            .flag("dry-run", help: "Report what would be uploaded and sent, changing nothing remote."),
            .flag("force", help: "Upload content again even when this pipeline uploaded it before."),
            .flag("new-run", help: "Start a new run instead of continuing an unfinished one."),
        ],
        positionals: [
            PositionalSpec("FILE", help: "Pipeline definition file."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        throw CommandFailure.notImplemented(spec)
    }
}
