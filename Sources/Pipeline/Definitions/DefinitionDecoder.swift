import YAML

/// Turns an interpolated YAML tree into a `PipelineDefinition`'s parts, collecting every
/// problem instead of stopping at the first.
final class DefinitionDecoder {
    struct Parts {
        let name: String
        let description: String?
        let stages: [StageDefinition]
        /// Nil when the definition does not set `shutdown_timeout`.
        let shutdownTimeout: Duration?
    }

    let source: SourceText
    let home: String
    private(set) var errors: [DefinitionError] = []

    static let topLevelKeys = ["name", "description", "stages", "defaults"] + StageCatalog.pipelineOptions.map(\.name)

    init(source: SourceText, home: String) {
        self.source = source
        self.home = home
    }

    func report(_ message: String, at mark: YAMLMark) {
        errors.append(DefinitionError(message, at: source.position(mark)))
    }

    func report(_ message: String, at position: SourcePosition) {
        errors.append(DefinitionError(message, at: position))
    }

    /// Decodes the whole document; returns nil when a problem was reported.
    func decode(_ root: YAMLNode?) -> Parts? {
        guard let root, !root.isNull else {
            report("the file is empty; a definition needs 'name' and 'stages'", at: YAMLMark(line: 1, column: 1, offset: 0))
            return nil
        }
        guard let pairs = root.mappingPairs else {
            report("expected a mapping with 'name' and 'stages' at the top level, found \(describe(root))", at: root.start)
            return nil
        }

        let fields = uniqueFields(pairs, allowed: Self.topLevelKeys, unknown: { "unknown top-level key '\($0)'" })
        let name = decodeName(fields["name"], root: root)
        let description = fields["description"].flatMap { string($0.value, name: "description") }
        let defaults = fields["defaults"].map { decodeDefaults($0.value) } ?? SharedSettings()
        let stages = decodeStages(fields["stages"], root: root, defaults: defaults)
        let shutdownTimeout = fields["shutdown_timeout"].flatMap { duration($0.value, name: "shutdown_timeout", allowsZero: true) }

        guard errors.isEmpty, let name, let stages else { return nil }
        return Parts(name: name, description: description, stages: stages, shutdownTimeout: shutdownTimeout)
    }

    private func decodeName(_ pair: YAMLPair?, root: YAMLNode) -> String? {
        guard let pair else {
            report("missing required key 'name'; add a pipeline name such as 'name: holiday-photos'", at: root.start)
            return nil
        }
        guard let name = string(pair.value, name: "name") else { return nil }

        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
        guard allowed, !name.isEmpty else {
            report("invalid name '\(name)': use letters, digits, '-' and '_'", at: pair.value.start)
            return nil
        }
        return name
    }

    private func decodeStages(_ pair: YAMLPair?, root: YAMLNode, defaults: SharedSettings) -> [StageDefinition]? {
        guard let pair else {
            report("missing required key 'stages'; list the stages, starting with 'ingest'", at: root.start)
            return nil
        }
        guard let items = pair.value.sequenceItems else {
            report("stages: expected a list of stages, found \(describe(pair.value))", at: pair.value.start)
            return nil
        }
        guard !items.isEmpty else {
            report("'stages' is empty; list at least an 'ingest' stage", at: pair.value.start)
            return nil
        }

        let stages = items.map { decodeStage($0, defaults: defaults) }

        // Stages with a bad option still count for the order rules, so that one typo does not
        // also make a later stage look out of place.
        let typed = items.compactMap { item in writtenType(of: item).map { ($0, source.position(item.start)) } }
        for problem in StageOrder.problems(typed) {
            report(problem.message, at: problem.position)
        }

        let decoded = stages.compactMap { $0 }
        return decoded.count == stages.count ? decoded : nil
    }

    private func writtenType(of stage: YAMLNode) -> StageType? {
        let type = stage.mappingPairs?.first { $0.key.scalar == "type" }?.value.scalar
        return type.flatMap(StageType.init(rawValue:))
    }

    /// Returns the pairs of a mapping by key, reporting non-scalar keys, duplicates and keys
    /// not in `allowed`; only the first pair of a duplicated key is returned.
    func uniqueFields(_ pairs: [YAMLPair], allowed: [String], unknown: (String) -> String) -> [String: YAMLPair] {
        var fields: [String: YAMLPair] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar else {
                report("expected a key name, found \(describe(pair.key))", at: pair.key.start)
                continue
            }
            if let first = fields[key] {
                report("duplicate key '\(key)'; it is already set at line \(first.key.start.line)", at: pair.key.start)
                continue
            }
            guard allowed.contains(key) else {
                report(unknown(key) + Suggestion.didYouMean(key, among: allowed), at: pair.key.start)
                continue
            }
            fields[key] = pair
        }
        return fields
    }
}
