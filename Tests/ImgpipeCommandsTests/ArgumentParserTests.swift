import Testing
@testable import ImgpipeCommands

/// A command with every kind of option and positional, to exercise the parser.
private struct SampleCommand: Command {
    let spec = CommandSpec(
        "sample",
        summary: "Exercise the parser.",
        options: [
            .flag("json", short: "j", help: "JSON output."),
            .value("limit", short: "n", valueName: "N", help: "Largest count.", default: "20"),
            .value("tag", valueName: "TAG", help: "A tag.", repeatable: true),
        ],
        positionals: [
            PositionalSpec("FIRST", help: "First value."),
            PositionalSpec("REST", help: "Other values.", required: false, repeatable: true),
        ]
    )

    func run(_ invocation: Invocation) async throws -> ExitCode { .success }
}

private struct NestedCommand: Command {
    let spec = CommandSpec("auth login", summary: "Sign in.", options: [.flag("no-browser", help: "Print the URL only.")])

    func run(_ invocation: Invocation) async throws -> ExitCode { .success }
}

private let registry = CommandRegistry(
    commands: [SampleCommand(), NestedCommand()],
    groups: [CommandGroup("auth", summary: "Manage sign-in.")]
)

private func parse(_ arguments: [String]) throws(UsageError) -> (ParsedArguments, GlobalOptions, [String]) {
    guard case .run(let command, let parsed, let global) = try ArgumentParser(registry: registry).parse(arguments) else {
        throw UsageError("expected a command to run")
    }
    return (parsed, global, command.spec.path)
}

private func usageMessage(_ arguments: [String]) -> String? {
    do {
        _ = try ArgumentParser(registry: registry).parse(arguments)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct ArgumentParserTests {
    @Test func optionForms() throws {
        let (parsed, _, path) = try parse(["sample", "--limit=5", "--tag", "a", "--tag=b", "-j", "one", "two", "three"])

        #expect(path == ["sample"])
        #expect(parsed.value("limit") == "5")
        #expect(parsed.values("tag") == ["a", "b"])
        #expect(parsed.flag("json"))
        #expect(parsed.positional("FIRST") == "one")
        #expect(parsed.positionalValues("REST") == ["two", "three"])
    }

    @Test func defaultsAndShortValue() throws {
        let (defaulted, global, _) = try parse(["sample", "x"])
        let (short, _, _) = try parse(["sample", "-n", "7", "x"])

        #expect(defaulted.value("limit") == "20")
        #expect(!defaulted.flag("json"))
        #expect(global.account == "default")
        #expect(short.value("limit") == "7")
    }

    @Test func globalOptionsBeforeAndAfter() throws {
        let (_, before, _) = try parse(["--state-dir", "/s", "--account=work", "-v", "sample", "x"])
        let (_, after, _) = try parse(["sample", "x", "--config-dir", "/c", "--quiet"])

        #expect(before.stateDirectory == "/s")
        #expect(before.account == "work")
        #expect(before.isVerbose)
        #expect(after.configDirectory == "/c")
        #expect(after.isQuiet)
        #expect(after.locations(environment: ["HOME": "/h"]).configDirectory == "/c")
    }

    @Test func doubleDashEndsOptions() throws {
        let (parsed, _, _) = try parse(["sample", "--", "--json", "-n"])

        #expect(!parsed.flag("json"))
        #expect(parsed.positional("FIRST") == "--json")
        #expect(parsed.positionalValues("REST") == ["-n"])
    }

    @Test func singleDashIsPositional() throws {
        let (parsed, _, _) = try parse(["sample", "-"])

        #expect(parsed.positional("FIRST") == "-")
    }

    @Test func nestedSubcommand() throws {
        let (parsed, _, path) = try parse(["auth", "login", "--no-browser"])

        #expect(path == ["auth", "login"])
        #expect(parsed.flag("no-browser"))
    }

    @Test(arguments: [
        (["sample", "x", "--jsn"], "unknown option '--jsn' for 'imgpipe sample'; did you mean '--json'?"),
        (["sample", "x", "--limt", "3"], "unknown option '--limt' for 'imgpipe sample'; did you mean '--limit'?"),
        (["--json", "sample"], "option '--json' belongs to a command; put it after the command name"),
        (["--jsn", "sample"], "unknown option '--jsn' for 'imgpipe'"),
        (["sample", "x", "-z"], "unknown option '-z' for 'imgpipe sample'"),
        (["sampel"], "unknown command 'sampel' for 'imgpipe'; did you mean 'sample'?"),
        (["zzz"], "unknown command 'zzz' for 'imgpipe'; use one of sample, auth"),
        (["auth", "logni"], "unknown subcommand 'logni' for 'imgpipe auth'; did you mean 'login'?"),
        (["auth"], "missing subcommand for 'imgpipe auth'; use one of login"),
        (["sample"], "missing argument FIRST for 'imgpipe sample'"),
        (["auth", "login", "extra"], "unexpected argument 'extra' for 'imgpipe auth login'"),
        (["sample", "x", "--limit"], "option '--limit' needs a value (N)"),
        (["sample", "x", "--limit", "--json"], "option '--limit' needs a value (N)"),
        (["sample", "x", "--json=yes"], "option '--json' takes no value"),
        (["sample", "x", "--limit", "1", "--limit", "2"], "option '--limit' was given more than once"),
        (["sample", "x", "--verbose", "--quiet"], "'--verbose' and '--quiet' cannot be used together"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect(usageMessage(arguments) == message)
    }

    @Test func helpAndVersionOutcomes() throws {
        let parser = ArgumentParser(registry: registry)

        guard case .help(let path, let requested) = try parser.parse(["sample", "--help"]) else {
            Issue.record("expected help")
            return
        }
        #expect(path == ["sample"])
        #expect(requested)

        guard case .help(let groupPath, _) = try parser.parse(["auth", "-h"]) else {
            Issue.record("expected help")
            return
        }
        #expect(groupPath == ["auth"])

        guard case .help(let topPath, let topRequested) = try parser.parse([]) else {
            Issue.record("expected help")
            return
        }
        #expect(topPath.isEmpty)
        #expect(!topRequested)

        guard case .version = try parser.parse(["--version"]) else {
            Issue.record("expected version")
            return
        }
    }
}
