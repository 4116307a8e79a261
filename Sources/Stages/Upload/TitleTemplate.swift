import Foundation
import Pipeline

/// A `title` or `description` template with placeholders such as `{stem}` and `{width}`.
///
/// Placeholders are checked when the definition is validated; one the renderer does not know
/// is left as written.
struct TitleTemplate: Sendable {
    let text: String

    func render(_ item: Item, runID: RunID) -> String {
        let name = (item.sourcePath as NSString).lastPathComponent
        let values: [String: String] = [
            "filename": name,
            "stem": (name as NSString).deletingPathExtension,
            "width": (item.prepared?.width ?? item.metadata?.displayedWidth).map(String.init) ?? "",
            "height": (item.prepared?.height ?? item.metadata?.displayedHeight).map(String.init) ?? "",
            "sha256": item.sha256,
            "run_id": runID.rawValue,
            "index": String(item.index),
        ]
        return Self.substitute(text, values)
    }

    private static func substitute(_ template: String, _ values: [String: String]) -> String {
        var output = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            output += values[key] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return output + String(rest)
    }
}
