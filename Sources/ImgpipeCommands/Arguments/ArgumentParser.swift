import Pipeline

/// Parses `imgpipe`'s arguments (without the program name) against the registry's specs.
///
/// Accepted forms: `--name value`, `--name=value`, `-n value`, flags, `--` to end options, and
/// the global options anywhere, before or after the command words.
struct ArgumentParser {
    enum Outcome {
        case run(any Command, ParsedArguments, GlobalOptions)
        /// Help for the command or group at `path`, which is empty for `imgpipe` itself;
        /// `requested` is false when help is shown because no command was given.
        case help(path: [String], requested: Bool)
        case version
    }

    let registry: CommandRegistry

    func parse(_ arguments: [String]) throws(UsageError) -> Outcome {
        var state = State()
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1

            if state.optionsEnded || !Self.isOption(token) {
                try take(word: token, state: &state)
            } else if token == "--" {
                state.optionsEnded = true
            } else {
                try take(option: token, arguments: arguments, index: &index, state: &state)
            }
        }
        return try finish(state)
    }

    private struct State {
        var path: [String] = []
        var command: (any Command)?
        var parsed = ParsedArguments()
        var words: [String] = []
        var optionsEnded = false
    }

    private static func isOption(_ token: String) -> Bool {
        token.hasPrefix("-") && token.count > 1
    }

    private var displayName: (State) -> String {
        { state in state.command?.spec.displayName ?? (["imgpipe"] + state.path).joined(separator: " ") }
    }

    /// Takes a word that is not an option: the next command word, or a positional value.
    private func take(word: String, state: inout State) throws(UsageError) {
        guard state.command == nil else {
            // A command may also group subcommands, as `audit` and `audit verify` do: its
            // first word after the name selects a subcommand when one has that name.
            let deeper = state.path + [word]
            if state.words.isEmpty, let subcommand = registry.command(at: deeper) {
                state.path = deeper
                state.command = subcommand
            } else {
                state.words.append(word)
            }
            return
        }

        let path = state.path + [word]
        if let command = registry.command(at: path) {
            state.path = path
            state.command = command
        } else if registry.isGroup(path) {
            state.path = path
        } else {
            throw unknownCommand(word, state: state)
        }
    }

    private func unknownCommand(_ word: String, state: State) -> UsageError {
        let choices = registry.children(of: state.path)
        let kind = state.path.isEmpty ? "command" : "subcommand"
        let suggestion = Suggestion.didYouMean(word, among: choices)
        let hint = suggestion.isEmpty ? "; use one of \(choices.joined(separator: ", "))" : suggestion
        return UsageError("unknown \(kind) '\(word)' for '\(displayName(state))'\(hint)", command: displayName(state))
    }

    private func take(option token: String, arguments: [String], index: inout Int, state: inout State) throws(UsageError) {
        let available = GlobalOptions.specs + (state.command?.spec.options ?? [])
        let (name, inlineValue) = split(token)
        if state.command == nil, find(name, in: available) == nil, registry.commands.contains(where: { find(name, in: $0.spec.options) != nil }) {
            throw UsageError("option '\(name)' belongs to a command; put it after the command name", command: displayName(state))
        }
        guard let spec = find(name, in: available) else {
            let longNames = available.map { "--\($0.long)" }
            let commandName = displayName(state)
            throw UsageError("unknown option '\(name)' for '\(commandName)'\(Suggestion.didYouMean(name, among: longNames))", command: commandName)
        }

        if spec.isFlag {
            guard inlineValue == nil else {
                throw UsageError("option '--\(spec.long)' takes no value", command: displayName(state))
            }
            state.parsed.add(flag: spec.long)
            return
        }

        let value = try value(for: spec, inline: inlineValue, arguments: arguments, index: &index, state: state)
        if !spec.isRepeatable, state.parsed.values[spec.long] != nil {
            throw UsageError("option '--\(spec.long)' was given more than once", command: displayName(state))
        }
        state.parsed.add(value: value, for: spec.long)
    }

    private func split(_ token: String) -> (name: String, value: String?) {
        guard token.hasPrefix("--"), let equals = token.firstIndex(of: "=") else { return (token, nil) }
        return (String(token[..<equals]), String(token[token.index(after: equals)...]))
    }

    private func find(_ name: String, in specs: [OptionSpec]) -> OptionSpec? {
        if name.hasPrefix("--") {
            return specs.first { "--\($0.long)" == name }
        }
        guard name.count == 2, let letter = name.last else { return nil }
        return specs.first { $0.short == letter }
    }

    private func value(for spec: OptionSpec, inline: String?, arguments: [String], index: inout Int, state: State) throws(UsageError) -> String {
        if let inline { return inline }
        guard index < arguments.count, !arguments[index].hasPrefix("--") else {
            throw UsageError("option '--\(spec.long)' needs a value (\(spec.valueName ?? "VALUE"))", command: displayName(state))
        }
        defer { index += 1 }
        return arguments[index]
    }

    private func finish(_ state: State) throws(UsageError) -> Outcome {
        if state.parsed.flag("help") { return .help(path: state.path, requested: true) }
        if state.parsed.flag("version") { return .version }

        guard let command = state.command else {
            guard !state.path.isEmpty else { return .help(path: [], requested: false) }
            let choices = registry.children(of: state.path).joined(separator: ", ")
            throw UsageError("missing subcommand for '\(displayName(state))'; use one of \(choices)", command: displayName(state))
        }

        var parsed = state.parsed
        try assignPositionals(state.words, spec: command.spec, into: &parsed)
        for option in command.spec.options + GlobalOptions.specs {
            if let defaultValue = option.defaultValue {
                parsed.setDefault(defaultValue, for: option.long)
            }
        }
        if parsed.flag("verbose"), parsed.flag("quiet") {
            throw UsageError("'--verbose' and '--quiet' cannot be used together", command: command.spec.displayName)
        }
        return .run(command, parsed, GlobalOptions(parsed))
    }

    private func assignPositionals(_ words: [String], spec: CommandSpec, into parsed: inout ParsedArguments) throws(UsageError) {
        var remaining = words[...]
        for positional in spec.positionals {
            let taken = positional.isRepeatable ? remaining : remaining.prefix(1)
            remaining = remaining.dropFirst(taken.count)
            guard !taken.isEmpty || !positional.isRequired else {
                throw UsageError("missing argument \(positional.name) for '\(spec.displayName)'", command: spec.displayName)
            }
            taken.forEach { parsed.add(positional: $0, for: positional.name) }
        }
        if let extra = remaining.first {
            throw UsageError("unexpected argument '\(extra)' for '\(spec.displayName)'", command: spec.displayName)
        }
    }
}
