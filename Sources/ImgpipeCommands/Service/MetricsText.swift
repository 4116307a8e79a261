import Foundation
import Pipeline

/// The Prometheus text exposition of the pipelines `serve` runs.
enum MetricsText {
    static func render(_ pipelines: [ServiceRegistry.ServedPipeline]) -> String {
        var families: [(name: String, type: String, help: String, samples: [String])] = [
            ("imgpipe_items_total", "counter", "Items of the current run by outcome.", []),
            ("imgpipe_items_in_stage", "gauge", "Items a stage is working on now.", []),
            ("imgpipe_queue_depth", "gauge", "Items waiting in the link into a stage.", []),
            ("imgpipe_queue_capacity", "gauge", "Capacity of the link into a stage.", []),
            ("imgpipe_imgur_client_remaining", "gauge", "Imgur client requests left, as last reported by Imgur.", []),
            ("imgpipe_rate_limit_paused", "gauge", "1 while uploads wait for the Imgur budget.", []),
            ("imgpipe_paused", "gauge", "1 while the pipeline waits, for example for sign-in.", []),
            ("imgpipe_stage_attempts_total", "counter", "Stage attempts by result: ok, skipped, retry or failed; upload attempts are those of stage upload.", []),
            ("imgpipe_stage_latency_seconds", "histogram", "Duration of each stage attempt.", []),
        ]
        for pipeline in pipelines {
            let name = label("pipeline", pipeline.name)
            if let runner = pipeline.runner {
                let progress = runner.progress
                for (outcome, count) in [("discovered", progress.discovered), ("done", progress.done), ("failed", progress.failed), ("skipped", progress.skipped)] {
                    families[0].samples.append("{\(name),outcome=\"\(outcome)\"} \(count)")
                }
                for (stage, count) in progress.inStage.sorted(by: { $0.key < $1.key }) {
                    families[1].samples.append("{\(name),\(label("stage", stage))} \(count)")
                }
                for (stage, stats) in runner.stageMetrics.snapshot.sorted(by: { $0.key < $1.key }) {
                    let stageLabel = label("stage", stage)
                    for (result, count) in stats.results.sorted(by: { $0.key < $1.key }) {
                        families[7].samples.append("{\(name),\(stageLabel),result=\"\(result)\"} \(count)")
                    }
                    families[8].samples.append(contentsOf: histogram(stats, labels: "\(name),\(stageLabel)"))
                }
                for queue in runner.queueDepths {
                    families[2].samples.append("{\(name),\(label("stage", queue.stage))} \(queue.depth)")
                    families[3].samples.append("{\(name),\(label("stage", queue.stage))} \(queue.capacity)")
                }
            }
            if let remaining = pipeline.gate?.clientRemaining {
                families[4].samples.append("{\(name)} \(remaining)")
            }
            families[5].samples.append("{\(name)} \(pipeline.gate?.currentPause() == nil ? 0 : 1)")
            families[6].samples.append("{\(name)} \(pipeline.pausedReason == nil ? 0 : 1)")
        }

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
