/// The Markdown reference and the plain-text help, both generated from the declarations.
extension StageCatalog {
    /// Returns the Markdown reference of every stage type and option, as the README embeds it.
    public static func markdownReference() -> String {
        var lines = [
            "## Stage reference",
            "",
            "Durations are written as `500ms`, `2s`, `5m` or `1h`; sizes as `10MB` (10^6 bytes) or `10MiB` (2^20 bytes).",
            "Templates may use " + Template.placeholders.map { "`{\($0)}`" }.joined(separator: ", ") + ".",
            "",
            "### Pipeline options",
            "",
            "Set at the top level of a definition, next to `name` and `stages`.",
            "",
        ]
        lines += table(pipelineOptions)
        lines += [
            "",
            "### Shared options",
            "",
            "Every stage accepts these. The top-level `defaults` mapping sets them for all stages, and a stage's own",
            "values win, one key at a time (a stage's `retry: {max_attempts: 2}` keeps the delays from `defaults`).",
            "",
        ]
        lines += table(sharedOptions)
        lines += ["", "`retry` is a mapping of:", ""]
        lines += table(retryOptions)

        for stage in stages {
            lines += ["", "### `\(stage.type.rawValue)`", "", stage.summary, ""]
            lines += table(stage.options)
            for group in stage.exclusiveOptions {
                lines += ["", "Set at most one of " + group.map { "`\($0)`" }.joined(separator: " and ") + "."]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Returns the options of `type` as plain text for `--help` output.
    public static func helpText(for type: StageType) -> String {
        let stage = declaration(for: type)
        let width = (stage.options + sharedOptions).map(\.name.count).max() ?? 0
        var lines = ["\(type.rawValue): \(stage.summary)"]
        for option in stage.options + sharedOptions {
            let name = option.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let kind = option.kind.summary.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "\\|", with: "|")
            let byDefault = option.defaultText.replacingOccurrences(of: "`", with: "")
            lines.append("  \(name)  \(option.summary) (\(kind); \(byDefault == "required" ? "required" : "default \(byDefault)"))")
        }
        return lines.joined(separator: "\n")
    }

    private static func table(_ options: [OptionDeclaration]) -> [String] {
        var rows = ["| option | type | default | meaning |", "|---|---|---|---|"]
        for option in options {
            rows.append("| `\(option.name)` | \(option.kind.summary) | \(option.defaultText) | \(option.summary) |")
        }
        return rows
    }
}
