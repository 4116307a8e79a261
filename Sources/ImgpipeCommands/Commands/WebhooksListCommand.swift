import Foundation
import Pipeline

/// `imgpipe webhooks list`: show the webhook outbox and disabled endpoints.
public struct WebhooksListCommand: Command {
    public let spec = CommandSpec(
        "webhooks list",
        summary: "Show webhook deliveries from the outbox, and endpoints disabled after HTTP 410.",
        options: [
            .flag("json", help: "Print the deliveries and disabled endpoints as one JSON document on stdout."),
            .value("status", valueName: "STATUS", help: "Show only deliveries with this status: pending, delivered, dead or dismissed."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let status = invocation.arguments.value("status")
        let known = [WebhookDeliveryRecord.pending, WebhookDeliveryRecord.delivered, WebhookDeliveryRecord.dead, WebhookDeliveryRecord.dismissed]
        if let status, !known.contains(status) {
            throw UsageError("invalid status '\(status)' for --status; use pending, delivered, dead or dismissed", command: spec.displayName)
        }
        let eventLog = try EventLog.open(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }

        let deliveries = try await eventLog.webhookDeliveries(status: status)
        let disabled = try await eventLog.disabledWebhookEndpoints()
        if invocation.wantsJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let document = WebhookListDocument(deliveries: deliveries, disabledEndpoints: disabled)
            invocation.standardOutput.line(String(decoding: try encoder.encode(document), as: UTF8.self))
            return .success
        }
        invocation.standardOutput.line(Self.table(deliveries, disabled: disabled))
        return .success
    }

    private static func table(_ deliveries: [WebhookDeliveryRecord], disabled: [DisabledEndpoint]) -> String {
        var lines: [String] = []
        if deliveries.isEmpty {
            lines.append("No webhook deliveries.")
        } else {
            lines.append("WEBHOOK ID".padding(toLength: 44, withPad: " ", startingAt: 0) + "STATUS     ATTEMPTS  TYPE            LAST ERROR")
            for delivery in deliveries {
                lines.append(
                    delivery.id.padding(toLength: 44, withPad: " ", startingAt: 0)
                        + delivery.status.padding(toLength: 11, withPad: " ", startingAt: 0)
                        + String(delivery.attempts).padding(toLength: 10, withPad: " ", startingAt: 0)
                        + delivery.eventType.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + (delivery.lastError ?? "")
                )
            }
        }
        for endpoint in disabled {
            let url = URLRedaction.redact(endpoint.url)
            lines.append("Disabled endpoint \(url): \(endpoint.reason); enable it with 'imgpipe webhooks enable \(url)'")
        }
        return lines.joined(separator: "\n")
    }
}

/// The JSON document `webhooks list --json` prints.
struct WebhookListDocument: Encodable {
    let deliveries: [WebhookDeliveryRecord]
    let disabledEndpoints: [DisabledEndpoint]

    enum CodingKeys: String, CodingKey {
        case deliveries, disabledEndpoints = "disabled_endpoints"
    }
}
