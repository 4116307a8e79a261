import Foundation
import Pipeline

/// The Prometheus text exposition of the pipelines `serve` runs.
enum MetricsText {
    /// One metric family: its `# HELP` and `# TYPE` lines and its samples, each written as the
    /// part after the family name.
    private struct Family {
        let name: String
        let type: String
        let help: String
        var samples: [String] = []
    }

    static func render(_ pipelines: [ServiceRegistry.ServedPipeline]) -> String {
        var items = Family(name: "imgpipe_items_total", type: "counter", help: "Items of the current run by outcome.")
        var stageItems = Family(name: "imgpipe_stage_items_total", type: "counter",
                                help: "Items of the current run that left a stage, by outcome: ok, skipped or failed.")
        var inStage = Family(name: "imgpipe_items_in_stage", type: "gauge", help: "Items a stage is working on now.")
        var queueDepth = Family(name: "imgpipe_queue_depth", type: "gauge", help: "Items waiting in the link into a stage.")
        var queueCapacity = Family(name: "imgpipe_queue_capacity", type: "gauge", help: "Capacity of the link into a stage.")
        var remaining = Family(name: "imgpipe_imgur_client_remaining", type: "gauge", help: "Imgur client requests left, as last reported by Imgur.")
        var rateLimitPaused = Family(name: "imgpipe_rate_limit_paused", type: "gauge", help: "1 while uploads wait for the Imgur budget.")
        var paused = Family(name: "imgpipe_paused", type: "gauge", help: "1 while the pipeline waits, for example for sign-in.")
        var attempts = Family(name: "imgpipe_stage_attempts_total", type: "counter",
                              help: "Stage attempts by result: ok, skipped, retry or failed; upload attempts are those of stage upload.")
        var latency = Family(name: "imgpipe_stage_latency_seconds", type: "histogram", help: "Duration of each stage attempt.")
        var webhookAttempts = Family(name: "imgpipe_webhook_attempts_total", type: "counter",
                                     help: "Webhook delivery attempts by result: delivered, retry, failed (dead-lettered after the last attempt) or gone (HTTP 410).")

        for pipeline in pipelines {
            let name = label("pipeline", pipeline.name)
            if let runner = pipeline.runner {
                let progress = runner.progress
                for (outcome, count) in [("discovered", progress.discovered), ("done", progress.done), ("failed", progress.failed), ("skipped", progress.skipped)] {
                    items.samples.append("{\(name),outcome=\"\(outcome)\"} \(count)")
                }
                for (stage, count) in progress.inStage.sorted(by: { $0.key < $1.key }) {
                    inStage.samples.append("{\(name),\(label("stage", stage))} \(count)")
                }
                for (stage, stats) in runner.stageMetrics.snapshot.sorted(by: { $0.key < $1.key }) {
                    let stageLabel = label("stage", stage)
                    for (result, count) in stats.results.sorted(by: { $0.key < $1.key }) {
                        attempts.samples.append("{\(name),\(stageLabel),result=\"\(result)\"} \(count)")
                        // Every attempt but a retry is an item's last one at this stage.
                        if result != "retry" {
                            stageItems.samples.append("{\(name),\(stageLabel),outcome=\"\(result)\"} \(count)")
                        }
                    }
                    latency.samples.append(contentsOf: histogram(stats, labels: "\(name),\(stageLabel)"))
                }
                for queue in runner.queueDepths {
                    queueDepth.samples.append("{\(name),\(label("stage", queue.stage))} \(queue.depth)")
                    queueCapacity.samples.append("{\(name),\(label("stage", queue.stage))} \(queue.capacity)")
                }
                for (result, count) in runner.context.webhookAttempts.snapshot.sorted(by: { $0.key < $1.key }) {
                    webhookAttempts.samples.append("{\(name),\(label("result", result))} \(count)")
                }
            }
            if let clientRemaining = pipeline.gate?.clientRemaining {
                remaining.samples.append("{\(name)} \(clientRemaining)")
            }
            rateLimitPaused.samples.append("{\(name)} \(pipeline.gate?.currentPause() == nil ? 0 : 1)")
            paused.samples.append("{\(name)} \(pipeline.pausedReason == nil ? 0 : 1)")
        }

        let families = [items, stageItems, inStage, queueDepth, queueCapacity, remaining, rateLimitPaused, paused, attempts, latency, webhookAttempts]
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"
            for sample in family.samples {
                text += family.name + sample + "\n"
            }
        }
        return text
    }

    /// The bucket, sum and count samples of one stage's latency histogram.
    private static func histogram(_ stats: StageMetrics.Stage, labels: String) -> [String] {
        var samples = zip(StageMetrics.bucketBounds, stats.buckets).map { bound, count in
            "_bucket{\(labels),le=\"\(bound)\"} \(count)"
        }
        samples.append("_bucket{\(labels),le=\"+Inf\"} \(stats.count)")
        samples.append("_sum{\(labels)} \(stats.sumSeconds)")
        samples.append("_count{\(labels)} \(stats.count)")
        return samples
    }

    /// One label pair, with the escapes the text format requires.
    static func label(_ name: String, _ value: String) -> String {
        let escaped = value
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\(name)=\"\(escaped)\""
    }
}
