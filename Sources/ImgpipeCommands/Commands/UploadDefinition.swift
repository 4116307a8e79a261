import Foundation
import Pipeline

/// The pipeline `imgpipe upload` runs, written as a definition so that it is validated, gets
/// the declared defaults and is stored in the event log like any other: resize (unless
/// `--raw`), authenticate and upload, under the pipeline name `upload`.
struct UploadDefinition {
    var title: String?
    var description: String?
    var album: String?
    var account: String?
    var raw: Bool

    /// Attempts per file, the first included.
    static let attempts = 3

    var text: String {
        var lines = [
            "name: upload",
            "description: One-shot uploads with imgpipe upload",
            "stages:",
            "  - type: ingest",
            "    path: .",
        ]
        if !raw {
            lines.append("  - type: resize")
        }
        lines.append("  - type: authenticate")
        if let account {
            lines.append("    account: \(Self.quoted(account))")
        } else {
            lines.append("    anonymous: true")
        }
        lines.append("  - type: upload")
        // Fewer attempts than a batch makes, so that a person waits seconds, not minutes,
        // before the command reports that Imgur keeps failing.
        lines.append("    retry: {max_attempts: \(Self.attempts), initial_delay: 1s}")
        if let title { lines.append("    title: \(Self.quoted(title))") }
        if let description { lines.append("    description: \(Self.quoted(description))") }
        if let album { lines.append("    album: \(Self.quoted(album))") }
        return lines.joined(separator: "\n") + "\n"
    }

    func load(environment: [String: String]) throws -> PipelineDefinition {
        try DefinitionLoader.load(text: text, path: "imgpipe upload", environment: environment)
    }

    /// A YAML double-quoted scalar: JSON string escapes are valid YAML, and `${` is doubled so
    /// that a literal title is not read as a variable reference.
    static func quoted(_ value: String) -> String {
        let escaped = value.replacingOccurrences(of: "${", with: "$${")
        let data = (try? JSONEncoder().encode(escaped)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
