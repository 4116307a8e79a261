/// A command line the parser or a command rejects; `imgpipe` prints it and exits with 2.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// The command whose `--help` the message points to, such as `imgpipe runs`.
    public let command: String

    public init(_ message: String, command: String = "imgpipe") {
        self.message = message
        self.command = command
    }

    public var description: String {
        message
    }
}

/// A failure a command reports with a specific exit code and a message for stderr.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public let exitCode: ExitCode
    public let message: String

    public init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    /// The failure of a command whose body is still to be written.
    public static func notImplemented(_ spec: CommandSpec) -> CommandFailure {
        CommandFailure("'\(spec.displayName)' is not implemented yet", exitCode: .itemsFailed)
    }

    public var description: String {
        message
    }
}
