/// A stage's own options by name, each already checked against its declared type.
///
/// The accessors return nil for an option that is neither set nor has a default; a value of
/// another type than asked for also returns nil, which validation rules out beforehand.
public struct StageOptions: Sendable {
    public let values: [String: OptionValue]
    public let positions: [String: SourcePosition]

    public init(values: [String: OptionValue], positions: [String: SourcePosition] = [:]) {
        self.values = values
        self.positions = positions
    }

    public subscript(name: String) -> OptionValue? {
        values[name]
    }

    public func string(_ name: String) -> String? {
        guard case .string(let value) = values[name] else { return nil }
        return value
    }

    public func integer(_ name: String) -> Int? {
        guard case .integer(let value) = values[name] else { return nil }
        return value
    }

    public func boolean(_ name: String) -> Bool? {
        guard case .boolean(let value) = values[name] else { return nil }
        return value
    }

    public func duration(_ name: String) -> Duration? {
        guard case .duration(let value) = values[name] else { return nil }
        return value
    }

    public func size(_ name: String) -> Int64? {
        guard case .size(let value) = values[name] else { return nil }
        return value
    }

    public func strings(_ name: String) -> [String]? {
        guard case .strings(let value) = values[name] else { return nil }
        return value
    }

    public func mapping(_ name: String) -> [String: String]? {
        guard case .mapping(let value) = values[name] else { return nil }
        return value
    }
}
