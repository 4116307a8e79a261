/// Why a run was asked to stop early; decides the exit code (130 for SIGINT, 143 for SIGTERM).
public enum StopRequest: Sendable, Hashable {
    case interrupt
    case terminate
}

/// Thrown inside the runner to end discovery once a stop was requested.
struct IntakeStopped: Error {}

/// Thrown by the drain watchdog when in-flight items did not finish within the drain timeout.
struct DrainTimedOut: Error {}
