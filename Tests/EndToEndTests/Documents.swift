import Foundation

/// The `--json` summary of `imgpipe run`, as far as the tests read it.
struct SummaryDocument: Decodable {
    let runID: String
    let done: Int
    let failed: Int
    let skipped: Int
    let status: String

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", done, failed, skipped, status
    }
}

/// The `--json` output of `imgpipe events`.
struct EventsDocument: Decodable {
    let events: [EventDocument]
}

struct EventDocument: Decodable {
    let sequence: Int64
    let itemID: String?
    let stage: String?
    let type: String
    let payload: [String: LooseJSON]

    enum CodingKeys: String, CodingKey {
        case sequence, itemID = "item_id", stage, type, payload
    }
}

/// Any JSON value, read loosely so that the tests can pick fields out of payloads.
enum LooseJSON: Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            self = .other
        }
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
