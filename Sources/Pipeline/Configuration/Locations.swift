import Foundation

/// The configuration and state directories, resolved from a flag, then the environment.
///
/// Config: the flag, else `IMGPIPE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/imgpipe`, else
/// `~/.config/imgpipe`. State: the flag, else `IMGPIPE_STATE_DIR`, else
/// `$XDG_STATE_HOME/imgpipe`, else `~/.local/state/imgpipe`. Empty variables count as unset,
/// as the XDG base directory specification requires.
public struct Locations: Sendable, Hashable {
    public let configDirectory: String
    public let stateDirectory: String

    public init(configDirectory: String, stateDirectory: String) {
        self.configDirectory = configDirectory
        self.stateDirectory = stateDirectory
    }

    public init(
        environment: [String: String],
        configDirectoryFlag: String? = nil,
        stateDirectoryFlag: String? = nil
    ) {
        let home = Self.home(environment)
        configDirectory = Self.resolve(
            flag: configDirectoryFlag,
            own: environment["IMGPIPE_CONFIG_DIR"],
            xdg: environment["XDG_CONFIG_HOME"],
            fallback: home + "/.config",
            home: home
        )
        stateDirectory = Self.resolve(
            flag: stateDirectoryFlag,
            own: environment["IMGPIPE_STATE_DIR"],
            xdg: environment["XDG_STATE_HOME"],
            fallback: home + "/.local/state",
            home: home
        )
    }

    /// The SQLite event log inside the state directory.
    public var eventLogPath: String {
        stateDirectory + "/events.sqlite"
    }

    /// The folder for work files of items in progress.
    public var workDirectory: String {
        stateDirectory + "/work"
    }

    /// The stored Imgur tokens, kept with mode 0600.
    public var credentialsPath: String {
        configDirectory + "/credentials.json"
    }

    /// The optional user defaults file.
    public var configFilePath: String {
        configDirectory + "/config.yaml"
    }

    /// Replaces a leading `~` or `~/` with `home`.
    public static func expandTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        guard path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    /// `HOME` from the environment, else the user's home directory as Foundation reports it.
    public static func home(_ environment: [String: String]) -> String {
        if let home = nonEmpty(environment["HOME"]) { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    private static func resolve(flag: String?, own: String?, xdg: String?, fallback: String, home: String) -> String {
        if let flag = nonEmpty(flag) { return expandTilde(flag, home: home) }
        if let own = nonEmpty(own) { return expandTilde(own, home: home) }
        let base = nonEmpty(xdg) ?? fallback
        return base + "/imgpipe"
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
