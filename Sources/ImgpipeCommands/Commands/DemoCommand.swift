import Foundation
import Pipeline

/// `imgpipe demo`: run the demo pipeline against the sandbox and a local webhook receiver.
public struct DemoCommand: Command {
    public let spec = CommandSpec(
        "demo",
        summary: "Run the demo pipeline against the sandbox and a local webhook receiver.",
        options: [
            .flag("json", help: "Print the run's result as one JSON document on stdout."),
            .value("pipeline", valueName: "FILE", help: "Definition to run.", default: "pipelines/demo.yaml"),
            .value("workspace", valueName: "DIR", help: "Folder for the sample photographs and the sandbox's uploads (default: a new temporary folder)."),
            .flag("keep-running", help: "Keep the sandbox and receiver up after the run, so the links open in a browser, until Ctrl-C."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let path = invocation.arguments.value("pipeline") ?? "pipelines/demo.yaml"
        let demo = DemoRun(
            pipelinePath: path.hasPrefix("/") ? path : invocation.workingDirectory + "/" + path,
            workspaceRoot: invocation.arguments.value("workspace").map { URL(fileURLWithPath: $0) },
            stateDirectory: invocation.locations.stateDirectory,
            workingDirectory: invocation.workingDirectory,
            environment: try invocation.effectiveEnvironment(),
            logger: invocation.logger,
            showProgress: !invocation.global.isQuiet && !invocation.wantsJSON
        )

        let keepRunning = invocation.arguments.flag("keep-running")
        let report = try await demo.execute { report in
            describe(report, to: invocation)
            guard keepRunning else { return }
            invocation.standardError.line("The sandbox stays up at \(report.sandboxURL.absoluteString); press Ctrl-C to stop.")
            _ = await SignalWatcher.waitForTermination()
        }
        return try RunReport(invocation: invocation).print(report.outcome)
    }

    private func describe(_ report: DemoRun.Report, to invocation: Invocation) {
        let output = invocation.wantsJSON ? invocation.standardError : invocation.standardOutput
        output.line("Demo photographs: \(report.workspace.images.path)")
        output.line("Imgur sandbox: \(report.sandboxURL.absoluteString)")
        output.line("")
        output.line("Uploaded:")
        for upload in report.uploads {
            output.line("  \((upload.path as NSString).lastPathComponent) -> \(upload.link)")
        }
        output.line("")
        let verified = report.deliveries.filter(\.verified).count
        output.line("Webhook deliveries received: \(report.deliveries.count), signatures verified: \(verified)")
        for delivery in report.deliveries {
            output.line("  \(delivery.verified ? "verified" : "INVALID") \(delivery.type ?? "-") \(delivery.id)")
        }
        output.line("")
        if case .finished(let summary, _, _) = report.outcome {
            let stateFlag = invocation.global.stateDirectory.map { " --state-dir \($0)" } ?? ""
            let program = Self.programPath()
            output.line("The event log is \(invocation.locations.eventLogPath). Look at it with:")
            output.line("  \(program) runs\(stateFlag)")
            output.line("  \(program) events \(summary.runID)\(stateFlag)")
            output.line("")
        }
    }

    /// Returns how to call this binary again from the current directory: `make demo` runs it
    /// from the build folder, which is not on the PATH.
    static func programPath() -> String {
        let invoked = CommandLine.arguments.first ?? "imgpipe"
        guard invoked.contains("/") else {
            return invoked
        }
        let absolute = URL(fileURLWithPath: invoked).standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath + "/"
        return absolute.hasPrefix(current) ? String(absolute.dropFirst(current.count)) : absolute
    }
}
