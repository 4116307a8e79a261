import Foundation
import YAML

/// Reads `config.yaml` in the config directory: user defaults below the command line, the
/// environment and `.env`. Each key stands for one environment variable, so that the layers
/// merge by variable name.
public enum UserConfigFile {
    /// The accepted keys and the variables they set.
    public static let variables: [String: String] = [
        "client_id": "IMGUR_CLIENT_ID",
        "api_url": "IMGUR_API_URL",
        "account": "IMGPIPE_ACCOUNT",
        "redirect_uri": "IMGUR_REDIRECT_URI",
        "rate_limit_reserve": "IMGPIPE_RATE_LIMIT_RESERVE",
    ]

    /// Reads the file as variables; a missing file yields none. An unknown key, a value that is
    /// not a scalar or invalid YAML throws, naming the file and the line.
    public static func load(path: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(text)
        } catch {
            throw UserConfigError("\(path) is not valid YAML: \(error)")
        }
        guard let root, !root.isNull else { return [:] }
        guard let pairs = root.mappingPairs else {
            throw UserConfigError("\(path):\(root.start.line): expected a mapping of settings such as `client_id: ID`")
        }
        return try variables(from: pairs, path: path)
    }

    private static func variables(from pairs: [YAMLPair], path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            guard let variable = variables[key] else {
                let known = variables.keys.sorted().joined(separator: ", ")
                throw UserConfigError("\(path):\(pair.key.start.line): unknown setting '\(key)'; known settings: \(known)")
            }
            guard let value = pair.value.scalar else {
                throw UserConfigError("\(path):\(pair.value.start.line): '\(key)' must be a single value")
            }
            result[variable] = value
        }
        return result
    }
}

/// An invalid `config.yaml`.
public struct UserConfigError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
