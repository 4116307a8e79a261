/// The options and positionals given to one command, with option defaults filled in.
public struct ParsedArguments: Sendable, Hashable {
    /// Values of options by long name, in the order given.
    public private(set) var values: [String: [String]] = [:]
    /// Long names of the flags given.
    public private(set) var flags: Set<String> = []
    /// Positional values by the name of their `PositionalSpec`.
    public private(set) var positionals: [String: [String]] = [:]

    public init(values: [String: [String]] = [:], flags: Set<String> = [], positionals: [String: [String]] = [:]) {
        self.values = values
        self.flags = flags
        self.positionals = positionals
    }

    /// The last value given for `name`, else its default, else nil.
    public func value(_ name: String) -> String? {
        values[name]?.last
    }

    /// Every value given for a repeatable option.
    public func values(_ name: String) -> [String] {
        values[name] ?? []
    }

    public func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The first value of the positional argument `name`.
    public func positional(_ name: String) -> String? {
        positionals[name]?.first
    }

    /// Every value of a repeatable positional argument.
    public func positionalValues(_ name: String) -> [String] {
        positionals[name] ?? []
    }

    mutating func add(value: String, for name: String) {
        values[name, default: []].append(value)
    }

    mutating func setDefault(_ value: String, for name: String) {
        if values[name] == nil {
            values[name] = [value]
        }
    }

    mutating func add(flag name: String) {
        flags.insert(name)
    }

    mutating func add(positional value: String, for name: String) {
        positionals[name, default: []].append(value)
    }
}
