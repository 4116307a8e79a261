import Foundation
import Pipeline

/// A task that keeps a held run lock on the file at its path while a run goes on. A process
/// that finds no lock file creates and locks a new one, so a lock file removed or replaced
/// under a live run would let a second process run the same pipeline.
enum RunLockWatch {
    /// How often the lock file is checked; a second process that starts within this time of
    /// the removal can still take the new file first.
    static let interval: Duration = .seconds(1)

    /// Starts checking `lock` every `interval` until the task is cancelled. `onLost` is called
    /// once when another process locked the file that replaced this one.
    static func start(_ lock: RunLock, logger: Logger, onLost: @escaping @Sendable (RunLockHeld) -> Void) -> Task<Void, Never> {
        Task {
            var hasLoggedFailure = false
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                do {
                    switch try await BlockingWork.run({ try lock.reclaimIfReplaced() }) {
                    case .unchanged:
                        continue
                    case .retaken:
                        logger.warning("run lock file was removed or replaced, locked it again; do not remove files under locks/ while imgpipe runs",
                                       ["pipeline": lock.pipeline, "path": lock.path])
                    case .lost(let held):
                        logger.error("run lock lost to another process, stopping intake", ["pipeline": lock.pipeline, "path": lock.path, "error": held.description])
                        onLost(held)
                        return
                    }
                } catch {
                    // Logged once, because the same failure would repeat every second.
                    if !hasLoggedFailure {
                        logger.error("cannot check the run lock file", ["pipeline": lock.pipeline, "path": lock.path, "error": "\(error)"])
                        hasLoggedFailure = true
                    }
                }
            }
        }
    }
}
