import YAML

/// The shared options as set in one place (`defaults` or a stage), each nil when not set.
struct SharedSettings {
    var concurrency: Int?
    var capacity: Int?
    var maxAttempts: Int?
    var initialDelay: Duration?
    var maxDelay: Duration?

    /// Returns these settings with every unset one taken from `fallback`.
    func overriding(_ fallback: SharedSettings) -> SharedSettings {
        SharedSettings(
            concurrency: concurrency ?? fallback.concurrency,
            capacity: capacity ?? fallback.capacity,
            maxAttempts: maxAttempts ?? fallback.maxAttempts,
            initialDelay: initialDelay ?? fallback.initialDelay,
            maxDelay: maxDelay ?? fallback.maxDelay
        )
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts ?? RetryPolicy.default.maxAttempts,
            initialDelay: initialDelay ?? RetryPolicy.default.initialDelay,
            maxDelay: maxDelay ?? RetryPolicy.default.maxDelay
        )
    }
}

extension DefinitionDecoder {
    static var sharedOptionNames: [String] {
        StageCatalog.sharedOptions.map(\.name)
    }

    func decodeDefaults(_ node: YAMLNode) -> SharedSettings {
        guard let pairs = node.mappingPairs else {
            report("defaults: expected a mapping of shared options, found \(describe(node))", at: node.start)
            return SharedSettings()
        }
        let fields = uniqueFields(pairs, allowed: Self.sharedOptionNames) {
            "unknown key '\($0)' in 'defaults', which accepts only \(Self.sharedOptionNames.joined(separator: ", "))"
        }
        return decodeShared(fields)
    }

    /// Reads `concurrency`, `capacity` and `retry` from fields already checked for unknown keys.
    func decodeShared(_ fields: [String: YAMLPair]) -> SharedSettings {
        var settings = SharedSettings()
        settings.concurrency = fields["concurrency"].flatMap { integer($0.value, name: "concurrency", range: 1...Int.max) }
        settings.capacity = fields["capacity"].flatMap { integer($0.value, name: "capacity", range: 1...Int.max) }
        if let retry = fields["retry"] {
            decodeRetry(retry.value, into: &settings)
        }
        return settings
    }

    private func decodeRetry(_ node: YAMLNode, into settings: inout SharedSettings) {
        guard let pairs = node.mappingPairs else {
            report("retry: expected a mapping with max_attempts, initial_delay or max_delay, found \(describe(node))", at: node.start)
            return
        }

        let names = StageCatalog.retryOptions.map(\.name)
        let fields = uniqueFields(pairs, allowed: names) { "unknown retry option '\($0)'" }
        settings.maxAttempts = fields["max_attempts"].flatMap { integer($0.value, name: "max_attempts", range: 1...Int.max) }
        settings.initialDelay = fields["initial_delay"].flatMap { duration($0.value, name: "initial_delay", allowsZero: true) }
        settings.maxDelay = fields["max_delay"].flatMap { duration($0.value, name: "max_delay", allowsZero: true) }

        if let initial = settings.initialDelay, let maximum = settings.maxDelay, maximum < initial, let pair = fields["max_delay"] {
            report("max_delay \(DurationText.format(maximum)) is shorter than initial_delay \(DurationText.format(initial))", at: pair.value.start)
        }
    }
}
