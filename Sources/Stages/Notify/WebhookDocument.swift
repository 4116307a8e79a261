import Foundation
import Pipeline

/// The JSON documents the notify stage sends, shaped as Standard Webhooks recommends:
/// `{"type": ..., "timestamp": ..., "data": {...}}`.
enum WebhookDocument {
    static func imageUploaded(_ item: Item, run: RunContext) -> [String: Any] {
        var image: [String: Any] = [:]
        if let upload = item.upload {
            image = ["id": upload.id, "link": upload.link]
            image["type"] = upload.type
            image["width"] = upload.width
            image["height"] = upload.height
            image["size"] = upload.size
        }
        var data = itemData(item, run: run)
        data["image"] = image
        data["prepared_sha256"] = item.prepared?.sha256 ?? item.sha256
        return envelope("image.uploaded", data: data)
    }

    static func imageFailed(_ item: Item, run: RunContext) -> [String: Any] {
        var data = itemData(item, run: run)
        data["error"] = [
            "stage": item.failure?.stage ?? "",
            "message": item.failure?.message ?? "",
            "attempts": item.failure?.attempts ?? 0,
        ] as [String: Any]
        return envelope("image.failed", data: data)
    }

    static func runCompleted(_ summary: RunSummary, run: RunContext) -> [String: Any] {
        let data: [String: Any] = [
            "run_id": run.runID.rawValue,
            "pipeline": run.definition.name,
            "status": summary.status,
            "done": summary.done,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "unfinished": summary.unfinished,
            "duration_seconds": summary.durationSeconds,
        ]
        return envelope("run.completed", data: data)
    }

    static func encode(_ document: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func itemData(_ item: Item, run: RunContext) -> [String: Any] {
        [
            "run_id": run.runID.rawValue,
            "pipeline": run.definition.name,
            "item_id": item.id,
            "source": [
                "path": item.sourcePath,
                "sha256": item.sha256,
                "size": item.byteSize,
            ] as [String: Any],
        ]
    }

    private static func envelope(_ type: String, data: [String: Any]) -> [String: Any] {
        ["type": type, "timestamp": timestamp(Date()), "data": data]
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
