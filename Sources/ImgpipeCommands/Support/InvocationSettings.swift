import Foundation
import Pipeline

extension Invocation {
    /// Returns the environment with `.env` from the working directory filled in under it, so a
    /// variable that the process environment sets always wins.
    func effectiveEnvironment() throws -> [String: String] {
        let dotEnv = try DotEnv.load(directory: workingDirectory)
        return environment.merging(dotEnv) { fromProcess, _ in fromProcess }
    }

    /// The logger for this command: warnings and errors by default, everything with
    /// `--verbose`, errors only with `--quiet`.
    var logger: Logger {
        let level: Logger.Level = global.isVerbose ? .debug : (global.isQuiet ? .error : .warning)
        let output = standardError
        return Logger(minimumLevel: level) { line in output.line(line) }
    }

    /// Whether results go out as one JSON document.
    var wantsJSON: Bool {
        arguments.flag("json")
    }
}
