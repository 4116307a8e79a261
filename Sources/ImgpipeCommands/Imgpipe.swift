import Foundation
import Pipeline

/// The `imgpipe` command line: parses the arguments, runs the command and maps its outcome
/// to an exit code.
public enum Imgpipe {
    public static let version = "0.1.0"

    /// Runs `imgpipe` with `arguments`, which exclude the program name, writing to the
    /// process's stdout and stderr; returns the exit code.
    public static func main(arguments: [String], environment: [String: String]) async -> Int32 {
        await main(
            arguments: arguments,
            environment: environment,
            workingDirectory: FileManager.default.currentDirectoryPath,
            standardOutput: FileHandleOutput.standardOutput,
            standardError: FileHandleOutput.standardError
        )
    }

    /// Runs `imgpipe` with explicit output destinations and working directory, as tests do.
    public static func main(
        arguments: [String],
        environment: [String: String],
        workingDirectory: String,
        standardOutput: any TextOutput,
        standardError: any TextOutput,
        registry: CommandRegistry = .standard
    ) async -> Int32 {
        let context = Context(
            environment: environment,
            workingDirectory: workingDirectory,
            standardOutput: standardOutput,
            standardError: standardError,
            registry: registry
        )
        do {
            return try await context.dispatch(ArgumentParser(registry: registry).parse(arguments)).rawValue
        } catch {
            return context.report(error).rawValue
        }
    }

    private struct Context {
        let environment: [String: String]
        let workingDirectory: String
        let standardOutput: any TextOutput
        let standardError: any TextOutput
        let registry: CommandRegistry

        func dispatch(_ outcome: ArgumentParser.Outcome) async throws -> ExitCode {
            switch outcome {
            case .version:
                standardOutput.line("imgpipe \(Imgpipe.version)")
                return .success
            case .help(let path, let requested):
                let text = HelpFormatter(registry: registry).help(for: path)
                (requested ? standardOutput : standardError).write(text)
                return requested ? .success : .usage
            case .run(let command, let arguments, let global):
                let invocation = Invocation(
                    spec: command.spec,
                    arguments: arguments,
                    global: global,
                    environment: environment,
                    workingDirectory: workingDirectory,
                    standardOutput: standardOutput,
                    standardError: standardError
                )
                return try await command.run(invocation)
            }
        }

        /// Prints `error` to stderr and returns the exit code its kind calls for.
        func report(_ error: any Error) -> ExitCode {
            switch error {
            case let usage as UsageError:
                standardError.line("imgpipe: error: \(usage.message)")
                standardError.line("Run '\(usage.command) --help' for usage.")
                return .usage
            case let definitions as DefinitionErrors:
                definitions.errors.forEach { standardError.line($0.description) }
                return .usage
            case let failure as CommandFailure:
                standardError.line("imgpipe: error: \(failure.message)")
                return failure.exitCode
            default:
                standardError.line("imgpipe: error: \(error)")
                return .itemsFailed
            }
        }
    }
}
