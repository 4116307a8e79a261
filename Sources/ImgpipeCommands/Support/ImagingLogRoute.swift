import Imaging
import Pipeline

extension Logger {
    /// Returns this logger after routing libvips' GLib messages (warnings such as
    /// "VipsJpeg: Premature end of JPEG file") to it, so that they follow `--log-format` and
    /// the level flags instead of reaching standard error raw. The route is process-wide: the
    /// logger routed last receives them.
    func routingImagingMessages() -> Logger {
        let logger = self
        ImagingLog.route { message in
            let level: Logger.Level = switch message.level {
            case .warning: .warning
            case .info: .info
            }
            if let path = message.path {
                logger.log(level, "libvips message", ["domain": message.domain, "message": message.text, "path": path])
            } else {
                logger.log(level, "libvips message", ["domain": message.domain, "message": message.text])
            }
        }
        return logger
    }
}
