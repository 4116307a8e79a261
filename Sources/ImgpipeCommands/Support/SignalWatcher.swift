import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into callbacks instead of the default immediate exit, so that a
/// run can stop intake and drain.
///
/// `@unchecked Sendable`: `sources` is never changed after `init`, and Dispatch sources may be
/// cancelled from any thread.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]

    init(onSignal: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "imgpipe.signals")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { onSignal(number) }
            Self.resumeAndWaitForRegistration(source)
            return source
        }
    }

    /// Resumes `source` and waits until Dispatch has registered it. Registration happens later
    /// on Dispatch's own queue, and a signal that arrives before it, while the signal is
    /// ignored, would be lost. The wait is bounded so that a Dispatch that never calls the
    /// registration handler costs a second, not a hang.
    private static func resumeAndWaitForRegistration(_ source: DispatchSourceSignal) {
        let registered = DispatchSemaphore(value: 0)
        source.setRegistrationHandler { registered.signal() }
        source.resume()
        _ = registered.wait(timeout: .now() + .seconds(1))
    }

    /// Restores the default handling, so that a second Ctrl-C after the run ends still works.
    func cancel() {
        for source in sources {
            source.cancel()
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Waits until SIGINT or SIGTERM arrives and returns its number.
    static func waitForTermination() async -> Int32 {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        let watcher = SignalWatcher { number in continuation.yield(number) }
        defer { watcher.cancel() }

        for await number in signals {
            return number
        }
        return SIGTERM
    }
}
