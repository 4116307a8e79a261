import Foundation
import Pipeline
import Stages

/// `imgpipe upload`: upload files now, through the same preparation, adapter and event log as a
/// pipeline run.
public struct UploadCommand: Command {
    public let spec = CommandSpec(
        "upload",
        summary: "Upload image files to Imgur now, prepared like the resize stage does.",
        discussion: "Each call is recorded in the event log as a run of the pipeline 'upload'. Content this "
            + "pipeline uploaded before is skipped unless --force is given. When Imgur's rate limit asks for a "
            + "wait of more than 10 seconds, the command exits with 4 and says when to try again.",
        options: [
            .value("title", valueName: "TEXT", help: "Title of each image; {stem}, {filename}, {width}, {height}, {sha256} and {index} are filled in.", default: "{stem}"),
            .value("description", valueName: "TEXT", help: "Description of each image."),
            .value("album", valueName: "ALBUM", help: "Album id, or the album's deletehash for anonymous albums."),
            .flag("anonymous", help: "Upload with the client id only, without an account."),
            .flag("raw", help: "Send the files as they are, without orientation, privacy stripping or resizing."),
            .flag("force", help: "Upload content again even when it was uploaded before."),
            .flag("dry-run", help: "Show the pipeline that would run and upload nothing."),
            .flag("json", help: "Print the uploads as one JSON document on stdout."),
        ],
        positionals: [
            PositionalSpec("FILE", help: "Image files to upload.", repeatable: true),
        ]
    )

    /// The longest rate-limit wait a one-shot upload sits out before exiting with 4.
    static let longestWait: Duration = .seconds(10)

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let files = invocation.arguments.positionalValues("FILE").map { absolutePath($0, in: invocation.workingDirectory) }
        guard !files.isEmpty else {
            throw UsageError("name at least one image file to upload", command: spec.displayName)
        }
        let environment = try invocation.effectiveEnvironment()
        let definition = try uploadDefinition(invocation, environment: environment)
        if invocation.arguments.flag("dry-run") {
            invocation.standardOutput.line(definition.text)
            return .success
        }

        var execution = PipelineExecution(
            definitionPath: "imgpipe upload",
            environment: environment,
            workingDirectory: invocation.workingDirectory,
            stateDirectory: invocation.locations.stateDirectory,
            logger: invocation.logger,
            options: RunOptions(force: invocation.arguments.flag("force")),
            showProgress: !invocation.global.isQuiet && !invocation.wantsJSON
        )
        execution.sourceOverride = FileListSource(paths: files)
        execution.longestRateLimitWait = Self.longestWait
        execution.takesRunLock = false

        // Each one-shot upload is a run of its own, never a continuation of an earlier one.
        let outcome = try await execution.execute(try definition.load(environment: environment), startsNewRun: true)
        return try await UploadReport(invocation: invocation).print(outcome)
    }

    private func uploadDefinition(_ invocation: Invocation, environment: [String: String]) throws -> UploadDefinition {
        let arguments = invocation.arguments
        return UploadDefinition(
            title: arguments.value("title"),
            description: arguments.value("description"),
            album: arguments.value("album"),
            account: arguments.flag("anonymous") ? nil : invocation.accountName(in: environment),
            raw: arguments.flag("raw")
        )
    }

    private func absolutePath(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    }
}
