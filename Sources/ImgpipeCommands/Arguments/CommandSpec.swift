/// An option a command accepts: a flag such as `--json`, or an option with a value such as
/// `--state-dir DIR`.
public struct OptionSpec: Sendable, Hashable {
    /// The name without dashes, such as `state-dir`.
    public let long: String
    public let short: Character?
    /// The placeholder shown in help, such as `DIR`; nil for a flag.
    public let valueName: String?
    public let help: String
    /// The value used when the option is not given; only for options with a value.
    public let defaultValue: String?
    public let isRepeatable: Bool
    /// True for an option the command cannot run without; help shows it without brackets.
    public var isRequired = false

    public static func flag(_ long: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: nil, help: help, defaultValue: nil, isRepeatable: false)
    }

    public static func value(
        _ long: String,
        short: Character? = nil,
        valueName: String,
        help: String,
        default defaultValue: String? = nil,
        repeatable isRepeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: valueName, help: help, defaultValue: defaultValue, isRepeatable: isRepeatable)
    }

    public var isFlag: Bool {
        valueName == nil
    }

    /// Returns this option marked as required. The command still checks that it was given.
    public func required() -> OptionSpec {
        var option = self
        option.isRequired = true
        return option
    }
}

/// A positional argument, such as `FILE...` or `RUN_ID`.
public struct PositionalSpec: Sendable, Hashable {
    public let name: String
    public let help: String
    public let isRequired: Bool
    /// True when the argument takes every remaining positional value.
    public let isRepeatable: Bool

    public init(_ name: String, help: String, required isRequired: Bool = true, repeatable isRepeatable: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
    }
}

/// What a command accepts and how its help reads.
public struct CommandSpec: Sendable {
    /// The words after `imgpipe` that select the command, such as `["webhooks", "listen"]`.
    public let path: [String]
    /// One line for command lists.
    public let summary: String
    /// Paragraphs shown in the command's `--help` after the summary.
    public let discussion: String?
    public let options: [OptionSpec]
    public let positionals: [PositionalSpec]

    /// Creates a spec; `name` is the command's words separated by spaces, as in `"auth login"`.
    public init(
        _ name: String,
        summary: String,
        discussion: String? = nil,
        options: [OptionSpec] = [],
        positionals: [PositionalSpec] = []
    ) {
        self.path = name.split(separator: " ").map(String.init)
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
    }

    /// The command as typed, such as `imgpipe webhooks listen`.
    public var displayName: String {
        (["imgpipe"] + path).joined(separator: " ")
    }
}

/// A word that only groups subcommands, such as `auth` in `auth login`.
public struct CommandGroup: Sendable {
    public let name: String
    public let summary: String

    public init(_ name: String, summary: String) {
        self.name = name
        self.summary = summary
    }
}
