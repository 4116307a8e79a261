/// The commands `imgpipe` dispatches to, and the words that group subcommands.
public struct CommandRegistry: Sendable {
    public let commands: [any Command]
    public let groups: [CommandGroup]

    public init(commands: [any Command], groups: [CommandGroup] = []) {
        self.commands = commands
        self.groups = groups
    }

    func command(at path: [String]) -> (any Command)? {
        commands.first { $0.spec.path == path }
    }

    /// True when some command's path starts with `path` and is longer than it.
    func isGroup(_ path: [String]) -> Bool {
        commands.contains { $0.spec.path.count > path.count && Array($0.spec.path.prefix(path.count)) == path }
    }

    /// The next words that can follow `path`, in registration order.
    func children(of path: [String]) -> [String] {
        var words: [String] = []
        for command in commands where command.spec.path.count > path.count && Array(command.spec.path.prefix(path.count)) == path {
            let word = command.spec.path[path.count]
            if !words.contains(word) {
                words.append(word)
            }
        }
        return words
    }

    /// The summary of the command or group at `path`.
    func summary(of path: [String]) -> String {
        if let command = command(at: path) { return command.spec.summary }
        if path.count == 1, let group = groups.first(where: { $0.name == path[0] }) { return group.summary }
        return ""
    }
}
