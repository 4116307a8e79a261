import Foundation
import Testing
@testable import ImgpipeCommands

/// The output and exit code of one in-process `imgpipe` invocation.
struct Outcome {
    let code: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs `Imgpipe.main` in-process with captured output.
func runImgpipe(_ arguments: [String], environment: [String: String] = ["HOME": "/home/tester"], workingDirectory: String = repositoryRoot.path) async -> Outcome {
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let code = await Imgpipe.main(
        arguments: arguments,
        environment: environment,
        workingDirectory: workingDirectory,
        standardOutput: output,
        standardError: errors
    )
    return Outcome(code: code, standardOutput: output.text, standardError: errors.text)
}

/// The package root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct ImgpipeMainTests {
    @Test func versionFlag() async {
        let outcome = await runImgpipe(["--version"])

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput == "imgpipe \(Imgpipe.version)\n")
    }

    @Test func noArgumentsPrintsHelpToStderr() async {
        let outcome = await runImgpipe([])

        #expect(outcome.code == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("COMMANDS:"))
    }

    @Test func topLevelHelpListsCommands() async {
        let outcome = await runImgpipe(["--help"])

        #expect(outcome.code == 0)
        for command in CommandRegistry.standard.commands {
            let name = command.spec.path.joined(separator: " ")
            #expect(outcome.standardOutput.contains("  \(name) "), "top-level help misses '\(name)'")
        }
    }

    @Test(arguments: CommandRegistry.standard.commands.map(\.spec.path))
    func helpForEachCommand(path: [String]) async throws {
        let outcome = await runImgpipe(path + ["--help"])
        let spec = try #require(CommandRegistry.standard.command(at: path)?.spec)

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput.hasPrefix("USAGE: \(spec.displayName)"))
        #expect(outcome.standardOutput.contains(spec.summary))
        for option in spec.options + GlobalOptions.specs {
            #expect(outcome.standardOutput.contains("--\(option.long)"), "help of '\(spec.displayName)' misses --\(option.long)")
        }
        for positional in spec.positionals {
            #expect(outcome.standardOutput.contains(positional.name))
        }
    }

    @Test func requiredOptionUnbracketed() async {
        let outcome = await runImgpipe(["gc", "--help"])

        #expect(outcome.standardOutput.hasPrefix("USAGE: imgpipe gc --older-than DAYS [--json]"))
    }

    @Test func groupHelp() async {
        let outcome = await runImgpipe(["webhooks", "--help"])

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput.hasPrefix("USAGE: imgpipe webhooks <subcommand> [options]"))
        #expect(outcome.standardOutput.contains("  listen  "))
        #expect(outcome.standardOutput.contains("  secret  "))
    }

    @Test func unknownOptionSuggestion() async {
        let outcome = await runImgpipe(["runs", "--jsn"])

        #expect(outcome.code == 2)
        #expect(outcome.standardError == """
        imgpipe: error: unknown option '--jsn' for 'imgpipe runs'; did you mean '--json'?
        Run 'imgpipe runs --help' for usage.

        """)
    }

    @Test func eventsWithoutEventLog() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-no-log-\(UUID().uuidString)")
        let outcome = await runImgpipe(["events", "01ABC", "--state-dir", state.path])

        #expect(outcome.code == 2)
        #expect(outcome.standardError.contains("no event log at \(state.path)/events.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: state.path), "reading must not create the state directory")
    }

    @Test(arguments: [
        (ExitCode.success, Int32(0)), (.itemsFailed, 1), (.usage, 2), (.signInRequired, 3), (.rateLimited, 4),
        (.imgurUnavailable, 5), (.verificationFailed, 6), (.interrupted, 130), (.terminated, 143),
    ])
    func exitCodeValues(code: ExitCode, value: Int32) {
        #expect(code.rawValue == value)
    }
}
