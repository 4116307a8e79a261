import Foundation
import Pipeline

/// Takes a served pipeline's run lock, waiting while another process holds it, so that `serve`
/// starts the pipeline once that process ends instead of giving up on it.
enum ServedPipelineLock {
    /// How long a pipeline waits between two attempts to take a lock that another process holds.
    static let retryDelay: Duration = .seconds(2)

    /// Loads the definition and takes its pipeline's lock. While another process holds it, the
    /// pipeline is listed as paused with that process named, and the lock is tried again every
    /// `retryDelay`. Returns nil, with the pipeline marked failed, for a definition or lock
    /// file that cannot be used, and nil when the service stops first.
    static func take(_ execution: PipelineExecution, registry: ServiceRegistry, logger: Logger) async -> RunLock? {
        let path = execution.definitionPath
        let pipeline: String
        do {
            pipeline = try DefinitionLoader.load(path: path, environment: execution.environment,
                                                 workingDirectory: execution.workingDirectory).name
        } catch {
            fail(path, error: error, registry: registry, logger: logger)
            return nil
        }
        registry.name(path, as: pipeline)

        var hasWaited = false
        while registry.stopRequest == nil {
            do {
                let lock = try await RunLock.acquire(pipeline: pipeline, stateDirectory: execution.stateDirectory)
                if hasWaited {
                    logger.info("pipeline run lock taken, starting", ["definition": path, "pipeline": pipeline])
                }
                return lock
            } catch let held as RunLockHeld {
                // One line for the whole wait, because the attempts repeat every few seconds.
                if !hasWaited {
                    logger.warning("pipeline waiting for its run lock", [
                        "definition": path, "pipeline": pipeline, "error": held.description,
                        "retry": "every \(DurationText.format(retryDelay))",
                    ])
                    hasWaited = true
                }
                registry.pause(path, reason: held.description)
                await registry.waitForResume(atMost: retryDelay)
            } catch {
                fail(path, error: error, registry: registry, logger: logger)
                return nil
            }
        }
        return nil
    }

    private static func fail(_ path: String, error: any Error, registry: ServiceRegistry, logger: Logger) {
        logger.error("pipeline failed", ["definition": path, "error": "\(error)"])
        registry.fail(path, reason: "\(error)")
    }
}
