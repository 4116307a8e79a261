import Pipeline

/// Everything a command's `run` gets: its parsed arguments, the global options, the process
/// environment and where to write.
public struct Invocation: Sendable {
    public let spec: CommandSpec
    public let arguments: ParsedArguments
    public let global: GlobalOptions
    public let environment: [String: String]
    /// The directory relative paths and `.env` are resolved against.
    public let workingDirectory: String
    /// Results: one JSON document with `--json`, else text for people.
    public let standardOutput: any TextOutput
    /// Errors, logs and progress.
    public let standardError: any TextOutput

    public init(
        spec: CommandSpec,
        arguments: ParsedArguments,
        global: GlobalOptions,
        environment: [String: String],
        workingDirectory: String,
        standardOutput: any TextOutput,
        standardError: any TextOutput
    ) {
        self.spec = spec
        self.arguments = arguments
        self.global = global
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The config and state directories for this invocation.
    public var locations: Locations {
        global.locations(environment: environment)
    }
}

/// One `imgpipe` subcommand. Add a command by writing a type in its own file under
/// `Commands/` and listing it in `CommandRegistry.standard`.
public protocol Command: Sendable {
    var spec: CommandSpec { get }
    /// Runs the command; throw `UsageError` for a bad command line, `CommandFailure` for a
    /// failure with a specific exit code, or `DefinitionErrors` for invalid definitions.
    func run(_ invocation: Invocation) async throws -> ExitCode
}
