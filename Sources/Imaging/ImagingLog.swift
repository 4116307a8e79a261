import CVips
import CVipsShim
import Foundation
import Synchronization

/// One GLib warning or message from libvips (domain "VIPS") or its HEIF plug-in, such as
/// "heifload: ignoring nclx profile".
public struct ImagingLogMessage: Sendable, Equatable {
    /// GLib's critical and warning levels are `warning`, its message level is `info`.
    public enum Level: Sendable, Equatable {
        case info, warning
    }

    /// The GLib log domain, such as "VIPS".
    public let domain: String
    public let level: Level
    public let text: String
    /// The file of the call that emitted the message, or nil when libvips emitted it on one of
    /// its own worker threads.
    public let path: String?
}

/// Routes libvips' GLib log messages, which GLib writes to standard error unformatted, to a
/// handler such as the project's logger.
public enum ImagingLog {
    private static let handler = Mutex<(@Sendable (ImagingLogMessage) -> Void)?>(nil)

    /// Sends every later libvips message to `handler`, replacing the previous handler. Until the
    /// first call GLib prints them to standard error.
    public static func route(to handler: @escaping @Sendable (ImagingLogMessage) -> Void) {
        self.handler.withLock { $0 = handler }
        imgpipe_vips_route_log { domain, level, text, path in
            guard let domain, let text else {
                return
            }
            ImagingLog.deliver(ImagingLogMessage(
                domain: String(cString: domain), level: ImagingLog.level(of: level),
                text: String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines),
                path: path.map { String(cString: $0) }
            ))
        }
    }

    private static func deliver(_ message: ImagingLogMessage) {
        handler.withLock { $0 }?(message)
    }

    private static func level(of flag: Int32) -> ImagingLogMessage.Level {
        Int(flag) & Int(G_LOG_LEVEL_CRITICAL.rawValue | G_LOG_LEVEL_WARNING.rawValue) != 0 ? .warning : .info
    }
}
