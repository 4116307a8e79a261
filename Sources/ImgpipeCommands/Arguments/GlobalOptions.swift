import Pipeline

/// The options every command accepts, before or after the command name.
public struct GlobalOptions: Sendable, Hashable {
    public static let specs: [OptionSpec] = [
        .flag("version", help: "Print the version of imgpipe and exit."),
        .value("state-dir", valueName: "DIR", help: "Directory of the event log and work files (default: $IMGPIPE_STATE_DIR, else $XDG_STATE_HOME/imgpipe, else ~/.local/state/imgpipe)."),
        .value("config-dir", valueName: "DIR", help: "Directory of credentials and config.yaml (default: $IMGPIPE_CONFIG_DIR, else $XDG_CONFIG_HOME/imgpipe, else ~/.config/imgpipe)."),
        .value("account", valueName: "NAME", help: "Imgur account profile to use (default: $IMGPIPE_ACCOUNT, else account in config.yaml, else default)."),
        .flag("verbose", short: "v", help: "Log debug details to stderr."),
        .flag("quiet", short: "q", help: "Print only errors and results."),
        .flag("help", short: "h", help: "Show help for the command."),
    ]

    public var stateDirectory: String?
    public var configDirectory: String?
    public var account: String
    /// The `--account` value when the flag was given, so that it can win over config.yaml.
    public var accountFlag: String?
    public var isVerbose: Bool
    public var isQuiet: Bool

    public init(stateDirectory: String? = nil, configDirectory: String? = nil, account: String = "default", isVerbose: Bool = false, isQuiet: Bool = false) {
        self.stateDirectory = stateDirectory
        self.configDirectory = configDirectory
        self.account = account
        self.isVerbose = isVerbose
        self.isQuiet = isQuiet
    }

    init(_ arguments: ParsedArguments) {
        self.init(
            stateDirectory: arguments.value("state-dir"),
            configDirectory: arguments.value("config-dir"),
            account: arguments.value("account") ?? "default",
            isVerbose: arguments.flag("verbose"),
            isQuiet: arguments.flag("quiet")
        )
        accountFlag = arguments.value("account")
    }

    /// The config and state directories after the flags, the environment and the defaults.
    public func locations(environment: [String: String]) -> Locations {
        Locations(environment: environment, configDirectoryFlag: configDirectory, stateDirectoryFlag: stateDirectory)
    }
}
