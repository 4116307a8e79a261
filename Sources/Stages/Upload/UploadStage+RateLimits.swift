import Foundation
import ImgurAdapter
import Pipeline

extension UploadStage {
    /// Runs `upload` once the rate-limit gate is open. A 429 pauses the gate for every upload
    /// and this one waits the pause out before trying again, never at once; a 429 does not
    /// count as a failed attempt.
    func uploadWhenAllowed(
        _ item: Item,
        in run: RunContext,
        session: ImgurSSO,
        upload: () async throws -> ImgurImage
    ) async throws -> ImgurImage {
        let gate = registry.gate
        while true {
            try await waitForGate(item, in: run)
            do {
                let image = try await upload()
                if let pause = gate.recordSuccess(await session.rateLimit) {
                    run.logger.warning("pausing uploads to keep a reserve of the Imgur budget", [
                        "run": run.runID.rawValue, "reason": pause.reason, "until": "\(pause.until)",
                    ])
                }
                return image
            } catch let error as ImgurError where error.kind == .rateLimited {
                let pause = gate.recordRateLimited(error)
                run.logger.warning("Imgur rate limit reached; pausing uploads", [
                    "run": run.runID.rawValue, "item": item.id, "reason": pause.reason, "until": "\(pause.until)",
                ])
            }
        }
    }

    private func waitForGate(_ item: Item, in run: RunContext) async throws {
        do {
            try await registry.gate.waitUntilOpen(
                onPause: { pause in
                    try await run.record("upload.paused", stage: type, [
                        "until": .string(ISO8601DateFormatter().string(from: pause.until)),
                        "reason": .string(pause.reason),
                    ])
                },
                onResume: {
                    try await run.record("upload.resumed", stage: type)
                    run.logger.info("uploads resumed", ["run": run.runID.rawValue])
                }
            )
        } catch let tooLong as RateLimitPauseTooLong {
            throw StageError(tooLong.description, stopsRun: .rateLimited(tooLong.description))
        }
    }
}
