import Pipeline

/// `imgpipe replay`: run stages of an earlier run again from their logged inputs, as a new
/// run linked to the original.
public struct ReplayCommand: Command {
    public let spec = CommandSpec(
        "replay",
        summary: "Run stages of an earlier run again from the logged inputs, as a new linked run.",
        discussion: """
            Items enter STAGE with the outputs the log recorded for the stages before it, so \
            '--from notify' sends every webhook again without uploading, and '--from resize \
            --failed' prepares and uploads the failed items only. Sources are read where the log \
            last saw them, after 'after: move' at their new place; an item whose source is gone \
            fails with an error naming it. A source is hashed again before it is read, and an \
            item whose file no longer has the logged SHA-256 fails without an upload. 'imgpipe \
            run' processes the changed file as new content. The replay run's first event is 'run.replay_started', \
            naming the original run.
            """,
        options: [
            .value("from", valueName: "STAGE", help: "The stage type the items enter: metadata, resize, authenticate, upload or notify."),
            .value("item", valueName: "ITEM_ID", help: "Replay only this item."),
            .flag("failed", help: "Replay only the items that failed, leaving out those whose latest replay succeeded."),
            .flag("dry-run", help: "Run only the local stages and say what the others would do, changing nothing remote."),
            .flag("force", help: "Upload content again even when this pipeline uploaded it before."),
            .flag("json", help: "Print the replay run's result as one JSON document on stdout."),
            .value("drain-timeout", valueName: "DURATION", help: "How long items in flight may take to finish after SIGINT or SIGTERM (default: the definition's shutdown_timeout, else 30s)."),
            .value("definition", valueName: "FILE", help: "Pipeline definition to use (default: the file the original run was started from)."),
        ],
        positionals: [
            PositionalSpec("RUN_ID", help: "Run to replay, as listed by 'imgpipe runs'."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let runID = RunID(rawValue: invocation.arguments.positional("RUN_ID") ?? "")
        let stageText = invocation.arguments.value("from") ?? ""
        guard let stage = StageType(rawValue: stageText), stage != .ingest else {
            throw UsageError("invalid or missing --from '\(stageText)': use metadata, resize, authenticate, upload or notify", command: spec.displayName)
        }

        var path = invocation.arguments.value("definition") ?? ""
        if path.isEmpty {
            path = try await ResumeCommand.recordedDefinitionPath(of: runID, invocation: invocation)
        }
        var execution = try RunCommand.execution(definitionPath: path, invocation: invocation, command: spec.displayName)
        execution.replay = ReplayRequest(
            original: runID, stage: stage, itemID: invocation.arguments.value("item"),
            failedOnly: invocation.arguments.flag("failed")
        )
        return try RunReport(invocation: invocation).print(await execution.execute(continuing: nil))
    }
}
