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
            source.resume()
            return source
        }
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
