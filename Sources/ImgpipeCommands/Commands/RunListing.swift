import Foundation
import Pipeline

/// Formats runs and events from the event log for `imgpipe runs` and `imgpipe events`.
enum RunListing {
    static func runsTable(_ runs: [ListedRun]) -> String {
        guard !runs.isEmpty else { return "No runs yet. Start one with `imgpipe run FILE`." }
        var lines = [pad("RUN", 28) + pad("PIPELINE", 20) + pad("STATUS", 12) + pad("STARTED", 22) + "DONE/FAILED/SKIPPED"]
        for listed in runs {
            let run = listed.record
            let counts = ["done", "failed", "skipped"].map { key -> String in
                if case .integer(let value)? = run.summary?[key] { return String(value) }
                return "-"
            }.joined(separator: "/")
            lines.append(pad(run.id.rawValue, 28) + pad(run.pipeline, 20) + pad(listed.status, 12) + pad(timestamp(run.startedAt), 22) + counts)
        }
        for listed in runs where listed.status == ListedRun.abandoned {
            lines.append("Run \(listed.record.id) is abandoned: \(ListedRun.hint(for: listed.record.id)).")
        }
        return lines.joined(separator: "\n")
    }

    static func runsJSON(_ runs: [ListedRun]) throws -> String {
        try encode(["runs": runs.map(runDocument)])
    }

    /// Returns one run as `imgpipe runs --json` and the `/runs` endpoint of `serve` list it;
    /// an abandoned run carries a `hint` saying how to continue it.
    static func runDocument(_ listed: ListedRun) -> [String: Any] {
        let run = listed.record
        var document: [String: Any] = [
            "id": run.id.rawValue,
            "pipeline": run.pipeline,
            "status": listed.status,
            "started_at": timestamp(run.startedAt),
            "definition_sha256": run.definitionSHA256,
        ]
        document["finished_at"] = run.finishedAt.map(timestamp)
        document["summary"] = run.summary.map(JSONValue.object)?.foundationValue
        if listed.status == ListedRun.abandoned {
            document["hint"] = ListedRun.hint(for: run.id)
        }
        return document
    }

    static func eventsText(_ events: [LoggedEvent]) -> String {
        events.map { event in
            let fields = event.payload.keys.sorted().map { key in "\(key)=\(event.payload[key]!.text)" }.joined(separator: " ")
            let item = event.itemID.map { " item=\($0)" } ?? ""
            let stage = event.stage.map { " stage=\($0)" } ?? ""
            return "\(event.sequence) \(timestamp(event.time)) \(event.type)\(item)\(stage) \(fields)"
        }.joined(separator: "\n")
    }

    static func eventsJSON(_ run: RunRecord, _ events: [LoggedEvent]) throws -> String {
        let documents = events.map { event -> [String: Any] in
            var document: [String: Any] = [
                "sequence": event.sequence,
                "type": event.type,
                "time": timestamp(event.time),
                "payload": JSONValue.object(event.payload).foundationValue,
            ]
            document["item_id"] = event.itemID
            document["stage"] = event.stage
            return document
        }
        return try encode(["run_id": run.id.rawValue, "pipeline": run.pipeline, "events": documents])
    }

    static func encode(_ document: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension JSONValue {
    /// The value as Foundation objects, for JSONSerialization.
    var foundationValue: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .integer(let value): value
        case .double(let value): value
        case .string(let value): value
        case .array(let values): values.map(\.foundationValue)
        case .object(let members): members.mapValues(\.foundationValue)
        }
    }

    /// The value as one word for text listings.
    var text: String {
        switch self {
        case .string(let value): value.contains(" ") ? "\"\(value)\"" : value
        case .null: "null"
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .double(let value): String(value)
        default: (try? RunListing.encode(foundationValue)) ?? ""
        }
    }
}
