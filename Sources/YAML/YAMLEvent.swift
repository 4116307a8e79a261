import CYAML

/// A libyaml event copied into Swift values, so the C event can be freed right away.
struct YAMLEvent {
    enum Kind {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        case alias(anchor: String)
        case scalar(value: String, style: YAMLScalarStyle, anchor: String?, tag: String?)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }

    let kind: Kind
    let start: YAMLMark
    let end: YAMLMark

    /// Copies what the tree builder needs out of `event`; the caller still owns and deletes it.
    init(copying event: yaml_event_t) {
        start = YAMLMark(event.start_mark)
        end = YAMLMark(event.end_mark)
        kind = Self.kind(of: event)
    }

    private static func kind(of event: yaml_event_t) -> Kind {
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            return scalar(event.data.scalar)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(anchor: string(data.anchor), tag: string(data.tag))
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(anchor: string(data.anchor), tag: string(data.tag))
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            // YAML_STREAM_END_EVENT, and YAML_NO_EVENT which the parser never returns on success.
            return .streamEnd
        }
    }

    private static func scalar(_ data: yaml_event_t.__Unnamed_union_data.__Unnamed_struct_scalar) -> Kind {
        let buffer = UnsafeBufferPointer(start: data.value, count: data.length)
        let value = String(decoding: buffer, as: UTF8.self)
        return .scalar(value: value, style: style(data.style), anchor: string(data.anchor), tag: string(data.tag))
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

extension YAMLMark {
    /// Converts libyaml's zero-based mark.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1, offset: Int(mark.index))
    }
}
