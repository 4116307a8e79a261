import Foundation
import HTTPServer
import Pipeline
import Stages

/// `imgpipe serve`: run watching pipelines as a long-lived service with health, readiness,
/// metrics and run endpoints.
public struct ServeCommand: Command {
    public let spec = CommandSpec(
        "serve",
        summary: "Run watching pipelines as a service, with /healthz, /readyz, /metrics and /runs.",
        options: [
            .value("listen", valueName: "HOST:PORT", help: "Address of the HTTP endpoints; any other than loopback requires --auth-token.", default: "127.0.0.1:8080"),
            .value("auth-token", valueName: "TOKEN", help: "Bearer token every request but /healthz must carry (default: $IMGPIPE_AUTH_TOKEN)."),
            .value("log-format", valueName: "FORMAT", help: "Log lines as text or as one JSON object each (json).", default: "text"),
            .value("shutdown-timeout", valueName: "DURATION", help: "How long items in flight may take to finish after SIGTERM or SIGINT (default: each definition's shutdown_timeout, else 30s)."),
        ],
        positionals: [
            PositionalSpec("FILE", help: "Pipeline definition files; their ingest stages should set watch: true.", repeatable: true),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let settings = try ServeSettings(invocation, command: spec.displayName)
        let registry = ServiceRegistry(definitionPaths: settings.definitionPaths)
        let logger = Self.logger(invocation, format: settings.logFormat)

        let signals = SignalWatcher { number in
            logger.info("stop requested, draining every pipeline", ["signal": number == SIGTERM ? "SIGTERM" : "SIGINT"])
            registry.stop(number == SIGTERM ? .terminate : .interrupt)
        }
        defer { signals.cancel() }

        let eventLog = LazyEventLog(path: invocation.locations.eventLogPath)
        defer { eventLog.close() }
        let routes = ServiceRoutes(registry: registry, authToken: settings.authToken,
                                   signIn: Self.signIn(invocation, registry: registry, logger: logger),
                                   runs: RunsEndpoint(registry: registry, eventLog: eventLog,
                                                      stateDirectory: invocation.locations.stateDirectory, logger: logger))
        let server: HTTPServer
        do {
            server = try HTTPServer(host: settings.address.host, port: settings.address.port) { request in await routes.handle(request) }
        } catch {
            throw CommandFailure("cannot listen on \(settings.address.host):\(settings.address.port): \(error); choose another address with --listen", exitCode: .usage)
        }
        defer { server.stop() }
        logger.info("service started", ["listen": server.baseURL.absoluteString, "pipelines": "\(settings.definitionPaths.count)"])

        let environment = try invocation.effectiveEnvironment()
        await withTaskGroup(of: Void.self) { group in
            for path in settings.definitionPaths {
                let execution = PipelineExecution(
                    definitionPath: path,
                    environment: environment,
                    workingDirectory: invocation.workingDirectory,
                    stateDirectory: invocation.locations.stateDirectory,
                    logger: logger,
                    options: RunOptions(drainTimeout: settings.shutdownTimeout),
                    showProgress: false,
                    handlesSignals: false,
                    onRunner: { runner, gate in registry.attach(runner, gate: gate, to: path) }
                )
                group.addTask { await Self.serve(execution, registry: registry, logger: logger) }
            }
        }
        logger.info("service stopped", [:])

        switch registry.stopRequest {
        case .interrupt: return .interrupted
        case .terminate: return .terminated
        case nil: return .success
        }
    }

    /// Sets up the sign-in routes, or returns nil, logged, when the settings they need are missing.
    private static func signIn(_ invocation: Invocation, registry: ServiceRegistry, logger: Logger) -> ServiceSignIn? {
        guard let context = try? ImgurCommandContext(invocation), context.configuration.clientSecret != nil,
              let redirectURI = context.environment["IMGUR_REDIRECT_URI"], !redirectURI.isEmpty
        else {
            logger.info("sign-in routes off: IMGUR_CLIENT_ID, IMGUR_CLIENT_SECRET or IMGUR_REDIRECT_URI is not set", [:])
            return nil
        }
        let redeemer = SignInRedeemer(configuration: context.configuration, resolver: context.resolver,
                                      account: context.account, redirectURI: redirectURI)
        do {
            return try ServiceSignIn(configuration: context.configuration, redeemer: redeemer, redirectURI: redirectURI,
                                     registry: registry, logger: logger)
        } catch {
            logger.error("sign-in routes off", ["error": "\(error)"])
            return nil
        }
    }

    /// Runs one pipeline until the service stops. A run stopped by a sign-in or Imgur problem
    /// pauses the pipeline until the next sign-in instead of ending the service, and a start
    /// that failed on a retryable error, such as Imgur answering 503, is tried again later.
    /// The pipeline's run lock is held throughout. While another process holds it, the
    /// pipeline is reported as paused and waits for the lock, and the service goes on with its
    /// other pipelines.
    private static func serve(_ execution: PipelineExecution, registry: ServiceRegistry, logger: Logger) async {
        let path = execution.definitionPath
        var execution = execution
        guard let lock = await ServedPipelineLock.take(execution, registry: registry, logger: logger) else { return }
        execution.runLock = lock
        defer { lock.release() }

        var retryDelay = firstRetryDelay
        while registry.stopRequest == nil {
            do {
                switch try await execution.execute() {
                case .finished:
                    registry.finish(path)
                    return
                case .stopped(let stopped):
                    guard registry.stopRequest == nil else { return }
                    logger.warning("pipeline paused", ["definition": path, "reason": stopped.reason.message])
                    registry.pause(path, reason: stopped.reason.message)
                    // Only a sign-in ends a sign-in problem; a rate limit or an Imgur outage
                    // also ends with time.
                    if case .signInRequired = stopped.reason {
                        await registry.waitForResume()
                    } else {
                        await registry.waitForResume(atMost: retryDelay)
                        retryDelay = min(retryDelay * 2, longestRetryDelay)
                    }
                    logger.info("pipeline resumed", ["definition": path])
                }
            } catch let error as ClassifiedError where error.isRetryable {
                logger.warning("pipeline start failed, retrying", ["definition": path, "error": "\(error)", "delay": DurationText.format(retryDelay)])
                registry.pause(path, reason: "\(error)")
                await registry.waitForResume(atMost: retryDelay)
                retryDelay = min(retryDelay * 2, longestRetryDelay)
            } catch {
                logger.error("pipeline failed", ["definition": path, "error": "\(error)"])
                registry.fail(path, reason: "\(error)")
                return
            }
        }
    }

    /// Logs starts, stops and retries (info) by default, unlike one-shot commands, because a
    /// service's log is where its operators look.
    private static func logger(_ invocation: Invocation, format: Logger.Format) -> Logger {
        let level: Logger.Level = invocation.global.isVerbose ? .debug : (invocation.global.isQuiet ? .error : .info)
        let output = invocation.standardError
        return Logger(minimumLevel: level, format: format) { line in output.line(line) }.routingImagingMessages()
    }

    static let firstRetryDelay: Duration = .seconds(2)
    static let longestRetryDelay: Duration = .seconds(300)
}

/// The options of `serve`, checked before anything starts.
struct ServeSettings {
    let definitionPaths: [String]
    let address: ListenAddress
    let authToken: String?
    /// Nil leaves each definition's `shutdown_timeout` in force.
    let shutdownTimeout: Duration?
    let logFormat: Logger.Format

    init(_ invocation: Invocation, command: String) throws {
        definitionPaths = invocation.arguments.positionalValues("FILE")
        guard !definitionPaths.isEmpty else {
            throw UsageError("missing pipeline definition; name at least one FILE", command: command)
        }
        let listen = invocation.arguments.value("listen") ?? "127.0.0.1:8080"
        guard let address = ListenAddress(listen) else {
            throw UsageError("invalid address '\(listen)' for --listen; use HOST:PORT, such as 127.0.0.1:8080", command: command)
        }
        self.address = address
        let environment = try invocation.effectiveEnvironment()
        let token = invocation.arguments.value("auth-token") ?? environment["IMGPIPE_AUTH_TOKEN"]
        authToken = token?.isEmpty == false ? token : nil
        guard address.isLoopback || authToken != nil else {
            throw UsageError("--listen \(listen) is not a loopback address, so --auth-token is required to keep the endpoints private", command: command)
        }
        shutdownTimeout = try invocation.arguments.value("shutdown-timeout").map { text in
            guard let timeout = DurationText.parse(text) else {
                throw UsageError("invalid duration '\(text)' for --shutdown-timeout; use a number with ms, s, m or h, such as 30s", command: command)
            }
            return timeout
        }
        let formatText = invocation.arguments.value("log-format") ?? "text"
        guard let format = Logger.Format(rawValue: formatText) else {
            throw UsageError("invalid --log-format '\(formatText)'; use text or json", command: command)
        }
        logFormat = format
    }
}
