/// Builds `--help` text from the specs, so help always matches what the parser accepts.
struct HelpFormatter {
    let registry: CommandRegistry

    func help(for path: [String]) -> String {
        if let command = registry.command(at: path) {
            return commandHelp(command.spec)
        }
        return groupHelp(path)
    }

    private func commandHelp(_ spec: CommandSpec) -> String {
        var sections = ["USAGE: \(usage(spec))", spec.summary]
        if let discussion = spec.discussion {
            sections.append(discussion)
        }
        if !spec.positionals.isEmpty {
            sections.append("ARGUMENTS:\n" + rows(spec.positionals.map { (positionalName($0), $0.help) }))
        }
        if !spec.options.isEmpty {
            sections.append("OPTIONS:\n" + rows(spec.options.map(optionRow)))
        }
        sections.append("GLOBAL OPTIONS:\n" + rows(GlobalOptions.specs.map(optionRow)))
        return sections.joined(separator: "\n\n") + "\n"
    }

    private func groupHelp(_ path: [String]) -> String {
        let name = (["imgpipe"] + path).joined(separator: " ")
        var sections: [String] = []
        if path.isEmpty {
            sections.append("imgpipe runs declarative image pipelines: ingest, resize, upload to Imgur, notify webhooks.")
            sections.append("USAGE: imgpipe <command> [options]")
        } else {
            sections.append("USAGE: \(name) <subcommand> [options]")
            sections.append(registry.summary(of: path))
        }

        let commands = registry.commands.filter { Array($0.spec.path.prefix(path.count)) == path }
        let title = path.isEmpty ? "COMMANDS" : "SUBCOMMANDS"
        sections.append("\(title):\n" + rows(commands.map { ($0.spec.path.dropFirst(path.count).joined(separator: " "), $0.spec.summary) }))
        sections.append("GLOBAL OPTIONS:\n" + rows(GlobalOptions.specs.map(optionRow)))
        sections.append("Run '\(name) <\(path.isEmpty ? "command" : "subcommand")> --help' for the options of one.")
        return sections.joined(separator: "\n\n") + "\n"
    }

    func usage(_ spec: CommandSpec) -> String {
        var parts = [spec.displayName]
        for option in spec.options {
            let text = option.isFlag ? "--\(option.long)" : "--\(option.long) \(option.valueName ?? "VALUE")"
            if option.isRequired {
                parts.append(text)
            } else {
                parts.append(option.isRepeatable ? "[\(text) ...]" : "[\(text)]")
            }
        }
        for positional in spec.positionals {
            let name = positionalName(positional)
            parts.append(positional.isRequired ? name : "[\(name)]")
        }
        return parts.joined(separator: " ")
    }

    private func positionalName(_ positional: PositionalSpec) -> String {
        positional.isRepeatable ? positional.name + "..." : positional.name
    }

    private func optionRow(_ option: OptionSpec) -> (String, String) {
        var name = option.short.map { "-\($0), " } ?? ""
        name += "--\(option.long)"
        if let valueName = option.valueName {
            name += " \(valueName)"
        }

        var help = option.help
        if let defaultValue = option.defaultValue {
            help += " (default: \(defaultValue))"
        }
        if option.isRepeatable {
            help += " Can be repeated."
        }
        return (name, help)
    }

    private func rows(_ rows: [(String, String)]) -> String {
        let width = min(max(rows.map(\.0.count).max() ?? 0, 8), 28)
        return rows.map { name, help in
            if name.count > width {
                return "  \(name)\n  \(String(repeating: " ", count: width))  \(help)"
            }
            return "  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(help)"
        }.joined(separator: "\n")
    }
}
