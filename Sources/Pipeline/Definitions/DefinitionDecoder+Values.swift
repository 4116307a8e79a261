import Foundation
import YAML

/// Reading typed values from scalars. Each function reports its own problem and returns nil.
extension DefinitionDecoder {
    func value(of node: YAMLNode, declaration: OptionDeclaration) -> OptionValue? {
        let name = declaration.name
        switch declaration.kind {
        case .string: return string(node, name: name).map(OptionValue.string)
        case .path: return string(node, name: name).map { .string(Locations.expandTilde($0, home: home)) }
        case .template: return template(node, name: name).map(OptionValue.string)
        case .url: return url(node, name: name).map(OptionValue.string)
        case .webhookSecret: return webhookSecret(node, name: name).map(OptionValue.string)
        case .boolean: return boolean(node, name: name).map(OptionValue.boolean)
        case .integer(let range): return integer(node, name: name, range: range).map(OptionValue.integer)
        case .duration(let allowsZero): return duration(node, name: name, allowsZero: allowsZero).map(OptionValue.duration)
        case .size: return size(node, name: name).map(OptionValue.size)
        case .strings: return strings(node, name: name).map(OptionValue.strings)
        case .choice(let words): return choice(node, name: name, words: words).map(OptionValue.string)
        case .choiceOrMapping(let words, let key, let valueName):
            // The mapping form names a folder (`after: {move: DIR}`), so `~` is expanded in it.
            if node.mappingPairs != nil { return singleKeyMapping(node, name: name, key: key, valueName: valueName, isPath: true) }
            return choice(node, name: name, words: words, expected: declaration.kind.summary).map(OptionValue.string)
        case .stringOrMapping(_, let key, let valueName):
            if node.mappingPairs != nil { return singleKeyMapping(node, name: name, key: key, valueName: valueName, isPath: false) }
            return string(node, name: name).map(OptionValue.string)
        case .retry:
            return nil
        }
    }

    /// A scalar's text, reporting a sequence, mapping or null value.
    func string(_ node: YAMLNode, name: String) -> String? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            // An unquoted `{stem}` parses as a mapping with one key and no value.
            let looksLikeTemplate = node.mappingPairs?.count == 1 && node.mappingPairs?.first?.value.isNull == true
            let hint = looksLikeTemplate ? "; a value starting with '{' must be quoted, as in \(name): \"{stem}\"" : ""
            report("\(name): expected a string, found \(describe(node))\(hint)", at: node.start)
            return nil
        }
        return text
    }

    func integer(_ node: YAMLNode, name: String, range: ClosedRange<Int>) -> Int? {
        guard let text = plainScalar(node, name: name, expected: "an integer") else { return nil }
        guard let number = Int(text) else {
            report("\(name): expected an integer, found '\(text)'", at: node.start)
            return nil
        }
        guard range.contains(number) else {
            let bound = range.upperBound == Int.max ? ">= \(range.lowerBound)" : "\(range.lowerBound)...\(range.upperBound)"
            report("\(name): \(number) is out of range; expected an integer \(bound)", at: node.start)
            return nil
        }
        return number
    }

    func boolean(_ node: YAMLNode, name: String) -> Bool? {
        guard let text = plainScalar(node, name: name, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report("\(name): expected true or false, found '\(text)'", at: node.start)
            return nil
        }
    }

    func duration(_ node: YAMLNode, name: String, allowsZero: Bool) -> Duration? {
        guard let text = string(node, name: name) else { return nil }
        guard let duration = DurationText.parse(text) else {
            report("\(name): expected a duration such as 500ms, 2s, 5m or 1h, found '\(text)'", at: node.start)
            return nil
        }
        guard allowsZero || duration > .zero else {
            report("\(name): must be longer than zero, found '\(text)'", at: node.start)
            return nil
        }
        return duration
    }

    func size(_ node: YAMLNode, name: String) -> Int64? {
        guard let text = string(node, name: name) else { return nil }
        guard let bytes = SizeText.parse(text), bytes > 0 else {
            report("\(name): expected a size such as 10MB (10^6 bytes) or 10MiB (2^20 bytes), found '\(text)'", at: node.start)
            return nil
        }
        return bytes
    }

    func strings(_ node: YAMLNode, name: String) -> [String]? {
        guard let items = node.sequenceItems else {
            report("\(name): expected a list of strings, found \(describe(node))", at: node.start)
            return nil
        }
        let values = items.map { string($0, name: name) }
        return values.contains(nil) ? nil : values.compactMap { $0 }
    }

    func choice(_ node: YAMLNode, name: String, words: [String], expected: String? = nil) -> String? {
        guard let text = string(node, name: name) else { return nil }
        guard words.contains(text) else {
            let listed = expected?.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: " \\| ", with: ", ")
                ?? words.joined(separator: ", ")
            report("\(name): expected one of \(listed), found '\(text)'\(Suggestion.didYouMean(text, among: words))", at: node.start)
            return nil
        }
        return text
    }

    func template(_ node: YAMLNode, name: String) -> String? {
        guard let text = string(node, name: name) else { return nil }
        do {
            _ = try Template(text)
            return text
        } catch {
            let written = String(text.dropFirst(error.offset).prefix { $0 != "}" })
            report("\(name): \(error.message)", at: source.position(of: written, in: node))
            return nil
        }
    }

    func url(_ node: YAMLNode, name: String) -> String? {
        guard let text = string(node, name: name) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased()), url.host?.isEmpty == false else {
            report("\(name): expected an http or https URL such as https://example.com/hooks, found '\(text)'", at: node.start)
            return nil
        }
        return text
    }

    /// Checks the secret's form without ever putting its text in a message.
    func webhookSecret(_ node: YAMLNode, name: String) -> String? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            report("\(name): expected a string, found \(describe(node))", at: node.start)
            return nil
        }
        // A block scalar ends with a line break, which is not part of the secret.
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let encoded = trimmed.hasPrefix("whsec_") ? String(trimmed.dropFirst("whsec_".count)) : trimmed
        guard let bytes = Data(base64Encoded: encoded), (24...64).contains(bytes.count) else {
            report("\(name): expected 'whsec_' followed by base64 of 24 to 64 bytes; the value (not shown) is not", at: node.start)
            return nil
        }
        return trimmed
    }

    private func singleKeyMapping(_ node: YAMLNode, name: String, key: String, valueName: String, isPath: Bool) -> OptionValue? {
        let pairs = node.mappingPairs ?? []
        guard pairs.count == 1, let pair = pairs.first, pair.key.scalar == key else {
            let found = pairs.first?.key.scalar.map { "'\($0)'" } ?? "nothing"
            report("\(name): expected a mapping {\(key): \(valueName)}, found key \(found)\(pairs.count > 1 ? " and more" : "")", at: node.start)
            return nil
        }
        guard let value = string(pair.value, name: "\(name).\(key)") else { return nil }
        return .mapping([key: isPath ? Locations.expandTilde(value, home: home) : value])
    }

    /// The text of a plain scalar; a quoted one is reported, since quotes make it a string.
    private func plainScalar(_ node: YAMLNode, name: String, expected: String) -> String? {
        guard case .scalar(let text, let style) = node.content, !node.isNull else {
            report("\(name): expected \(expected), found \(describe(node))", at: node.start)
            return nil
        }
        // A quoted scalar, or one tagged `!!str`, is a string even when it looks like a number.
        guard style.isPlain else {
            report("\(name): expected \(expected), found the quoted string '\(text)'; remove the quotes", at: node.start)
            return nil
        }
        guard node.tag != "tag:yaml.org,2002:str" else {
            report("\(name): expected \(expected), found the string '\(text)' tagged !!str; remove the tag", at: node.start)
            return nil
        }
        return text
    }

    /// A node as a message names it.
    func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _): node.isNull ? "nothing" : "'\(text)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
