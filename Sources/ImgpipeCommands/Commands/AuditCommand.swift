import Foundation
import Pipeline

/// `imgpipe audit`: show which file went to which link, when, under which account, and the
/// webhook deliveries about it.
public struct AuditCommand: Command {
    public let spec = CommandSpec(
        "audit",
        summary: "Show which file went to which link, when, under which account, with which webhook deliveries.",
        options: [
            .value("run", valueName: "RUN_ID", help: "Show only uploads of this run."),
            .value("file", valueName: "PATH_OR_SHA256", help: "Show only uploads of this source path, or of content with this SHA-256."),
            .value("since", valueName: "TIME", help: "Show only uploads at or after this ISO 8601 time, such as 2026-12-04T10:00:00Z."),
            .flag("json", help: "Print the uploads as one JSON document on stdout."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let since = try invocation.arguments.value("since").map { text in
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw UsageError("invalid --since value '\(text)': expected an ISO 8601 time such as 2026-12-04T10:00:00Z", command: spec.displayName)
            }
            return date
        }
        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }

        var trails = try await eventLog.uploadTrails(run: invocation.arguments.value("run").map(RunID.init(rawValue:)), since: since)
        if let file = invocation.arguments.value("file") {
            let absolute = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: invocation.workingDirectory, isDirectory: true)).standardizedFileURL.path
            trails = trails.filter { $0.sha256 == file.lowercased() || $0.path == file || $0.path == absolute }
        }
        let deliveries = try await eventLog.webhookDeliveries()

        if invocation.wantsJSON {
            let documents = trails.map { Self.document($0, deliveries: Self.deliveries(of: $0, in: deliveries)) }
            invocation.standardOutput.line(try RunListing.encode(["uploads": documents]))
        } else {
            for trail in trails {
                let sent = Self.deliveries(of: trail, in: deliveries).map { "\($0.url) \($0.status)" }.joined(separator: ", ")
                invocation.standardOutput.line("\(RunListing.timestamp(trail.uploadedAt))  \(trail.path ?? trail.sha256 ?? trail.itemID) -> \(trail.link ?? "-")  account \(trail.account ?? "-")  run \(trail.runID)  webhooks: \(sent.isEmpty ? "none" : sent)")
            }
        }
        return .success
    }

    private static func deliveries(of trail: UploadTrail, in all: [WebhookDeliveryRecord]) -> [WebhookDeliveryRecord] {
        all.filter { $0.runID == trail.runID && $0.itemID == trail.itemID }
    }

    private static func document(_ trail: UploadTrail, deliveries: [WebhookDeliveryRecord]) -> [String: Any] {
        var document: [String: Any] = [
            "run_id": trail.runID.rawValue, "item_id": trail.itemID, "uploaded_at": RunListing.timestamp(trail.uploadedAt),
            "webhooks": deliveries.map { delivery -> [String: Any] in
                var entry: [String: Any] = ["id": delivery.id, "url": delivery.url, "event_type": delivery.eventType, "status": delivery.status, "attempts": delivery.attempts]
                entry["finished_at"] = delivery.finishedAt.map(RunListing.timestamp)
                return entry
            },
        ]
        document["path"] = trail.path
        document["sha256"] = trail.sha256
        document["id"] = trail.imageID
        document["link"] = trail.link
        document["account"] = trail.account
        return document
    }
}
