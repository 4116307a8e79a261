/// The process exit status of an `imgpipe` command.
public struct ExitCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Everything succeeded; items skipped as already done count as success.
    public static let success = ExitCode(rawValue: 0)
    /// The command ran but some items failed; they are listed and kept for replay.
    public static let itemsFailed = ExitCode(rawValue: 1)
    /// A usage or definition error; nothing was done.
    public static let usage = ExitCode(rawValue: 2)
    /// No usable Imgur credentials, or the refresh token was rejected.
    public static let signInRequired = ExitCode(rawValue: 3)
    /// Imgur's rate limit budget is spent.
    public static let rateLimited = ExitCode(rawValue: 4)
    /// Imgur could not be reached, or kept failing after all retries.
    public static let imgurUnavailable = ExitCode(rawValue: 5)
    /// A verification failed, such as an altered event log.
    public static let verificationFailed = ExitCode(rawValue: 6)
    /// Interrupted by SIGINT after draining; the run can be resumed.
    public static let interrupted = ExitCode(rawValue: 130)
    /// Stopped by SIGTERM after draining; the run can be resumed.
    public static let terminated = ExitCode(rawValue: 143)

    public var description: String {
        "\(rawValue)"
    }
}
