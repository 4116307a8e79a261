import YAML

extension DefinitionDecoder {
    /// Decodes one entry of `stages`; returns nil when its type is missing or unknown, or
    /// when a problem was reported in it.
    func decodeStage(_ node: YAMLNode, defaults: SharedSettings) -> StageDefinition? {
        guard let pairs = node.mappingPairs else {
            report("expected a stage mapping with 'type', found \(describe(node))", at: node.start)
            return nil
        }
        guard let type = decodeType(pairs, stage: node) else { return nil }

        let errorsBefore = errors.count
        let declaration = StageCatalog.declaration(for: type)
        let allowed = ["type"] + Self.sharedOptionNames + declaration.options.map(\.name)
        let fields = uniqueFields(pairs, allowed: allowed) { "unknown option '\($0)' for stage '\(type.rawValue)'" }

        let settings = decodeShared(fields).overriding(defaults)
        let options = decodeOptions(fields, declaration: declaration, stage: node)
        guard errors.count == errorsBefore else { return nil }

        let concurrency = settings.concurrency ?? declaration.defaultConcurrency
        return StageDefinition(
            type: type,
            position: source.position(node.start),
            concurrency: concurrency,
            capacity: settings.capacity ?? 2 * concurrency,
            retry: settings.retryPolicy,
            options: options
        )
    }

    private func decodeType(_ pairs: [YAMLPair], stage: YAMLNode) -> StageType? {
        let names = StageType.allCases.map(\.rawValue)
        guard let pair = pairs.first(where: { $0.key.scalar == "type" }) else {
            report("stage is missing 'type'; use one of \(names.joined(separator: ", "))", at: stage.start)
            return nil
        }
        guard let text = string(pair.value, name: "type") else { return nil }

        guard let type = StageType(rawValue: text) else {
            let suggestion = Suggestion.didYouMean(text, among: names)
            let hint = suggestion.isEmpty ? "; use one of \(names.joined(separator: ", "))" : suggestion
            report("unknown stage type '\(text)'\(hint)", at: pair.value.start)
            return nil
        }
        return type
    }

    private func decodeOptions(_ fields: [String: YAMLPair], declaration: StageDeclaration, stage: YAMLNode) -> StageOptions {
        var values: [String: OptionValue] = [:]
        var positions: [String: SourcePosition] = [:]

        for option in declaration.options {
            if let pair = fields[option.name] {
                values[option.name] = value(of: pair.value, declaration: option)
                positions[option.name] = source.position(pair.value.start)
            } else if option.isRequired {
                report("stage '\(declaration.type.rawValue)' is missing required option '\(option.name)' (\(option.kind.summary))", at: stage.start)
            } else if let defaultValue = option.defaultValue {
                values[option.name] = defaultValue
            }
        }

        reportExclusive(fields, declaration: declaration)
        return StageOptions(values: values, positions: positions)
    }

    private func reportExclusive(_ fields: [String: YAMLPair], declaration: StageDeclaration) {
        for group in declaration.exclusiveOptions {
            let set = group.compactMap { fields[$0] }.sorted { $0.key.start.offset < $1.key.start.offset }
            guard set.count > 1, let last = set.last else { continue }
            let names = set.compactMap(\.key.scalar).map { "'\($0)'" }.joined(separator: " and ")
            report("\(names) cannot both be set; remove one", at: last.key.start)
        }
    }
}
