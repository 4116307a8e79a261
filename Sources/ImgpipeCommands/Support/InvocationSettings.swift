import Foundation
import Pipeline

extension Invocation {
    /// Returns the environment with `.env` from the working directory filled in under it, and
    /// `config.yaml` from the config directory under both, so a variable that the process
    /// environment sets always wins. `IMGPIPE_CONFIG_DIR` is set to the resolved config
    /// directory, so that stages find the token store that `--config-dir` names.
    func effectiveEnvironment() throws -> [String: String] {
        let dotEnv = try DotEnv.load(directory: workingDirectory)
        let userConfig: [String: String]
        do {
            userConfig = try UserConfigFile.load(path: locations.configFilePath)
        } catch let error as UserConfigError {
            throw CommandFailure(error.description, exitCode: .usage)
        }
        var merged = environment
            .merging(dotEnv) { fromProcess, _ in fromProcess }
            .merging(userConfig) { fromAbove, _ in fromAbove }
        merged["IMGPIPE_CONFIG_DIR"] = locations.configDirectory
        if let account = global.accountFlag, !account.isEmpty {
            // Definitions name their account as `${IMGPIPE_ACCOUNT:-default}`, so the flag reaches them too.
            merged["IMGPIPE_ACCOUNT"] = account
        }
        return merged
    }

    /// The Imgur account profile: `--account`, else `IMGPIPE_ACCOUNT` (from the environment,
    /// `.env` or `account` in config.yaml), else `default`.
    func accountName(in environment: [String: String]) -> String {
        if let flag = global.accountFlag, !flag.isEmpty { return flag }
        if let configured = environment["IMGPIPE_ACCOUNT"], !configured.isEmpty { return configured }
        return "default"
    }

    /// The logger for this command: warnings and errors by default, everything with
    /// `--verbose`, errors only with `--quiet`. libvips' warnings go to it too.
    var logger: Logger {
        let level: Logger.Level = global.isVerbose ? .debug : (global.isQuiet ? .error : .warning)
        let output = standardError
        return Logger(minimumLevel: level) { line in output.line(line) }.routingImagingMessages()
    }

    /// Whether results go out as one JSON document.
    var wantsJSON: Bool {
        arguments.flag("json")
    }
}
