import Imaging
import Pipeline
import Synchronization

extension Logger {
    /// Returns this logger after routing libvips' GLib messages (warnings such as
    /// "heifload: ignoring nclx profile") to it, so that they follow `--log-format` and the
    /// level flags instead of reaching standard error raw. The route is process-wide: the
    /// logger routed last receives them.
    func routingImagingMessages() -> Logger {
        let logger = self
        let repeats = ImagingMessageRepeats()
        ImagingLog.route { message in
            guard repeats.isFirst(message) else {
                return
            }
            let level: Logger.Level = message.level == .warning ? .warning : .info
            if let path = message.path {
                logger.log(level, "libvips message", ["domain": message.domain, "message": message.text, "path": path])
            } else {
                logger.log(level, "libvips message", ["domain": message.domain, "message": message.text])
            }
        }
        return logger
    }
}

/// The messages already logged, because libvips repeats a warning each time it opens the same
/// file (the metadata and resize stages open a HEIC several times).
private final class ImagingMessageRepeats: Sendable {
    /// Bounds the memory of a long-running `imgpipe serve`. When full the set starts over, so a
    /// repeat can then be logged once more.
    static let capacity = 1_000

    private let seen = Mutex<Set<String>>([])

    func isFirst(_ message: ImagingLogMessage) -> Bool {
        let key = "\(message.domain)\u{0}\(message.path ?? "")\u{0}\(message.text)"
        return seen.withLock { seen in
            if seen.count >= Self.capacity {
                seen.removeAll()
            }
            return seen.insert(key).inserted
        }
    }
}
