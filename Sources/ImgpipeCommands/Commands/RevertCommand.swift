import ImgurAdapter
import Pipeline

/// `imgpipe revert`: delete the images a run uploaded, recording each deletion in the run's log.
public struct RevertCommand: Command {
    public let spec = CommandSpec(
        "revert",
        summary: "Delete the images a run uploaded; safe to run again.",
        discussion: """
            Deletes each image by its deletehash when the upload returned one, else by its id \
            with the signed-in account. Images whose deletion is already recorded are skipped, \
            and an image Imgur no longer has is recorded as gone.
            """,
        options: [
            .flag("dry-run", help: "List the images that would be deleted, and delete nothing."),
            .flag("json", help: "Print the outcome per image as one JSON document on stdout."),
        ],
        positionals: [
            PositionalSpec("RUN_ID", help: "Run whose uploads to delete, as listed by 'imgpipe runs'."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let runID = RunID(rawValue: invocation.arguments.positional("RUN_ID") ?? "")
        let eventLog = try invocation.openExistingEventLog()
        defer { eventLog.close() }
        guard try await eventLog.run(runID) != nil else {
            throw CommandFailure("no run '\(runID)' in \(invocation.locations.eventLogPath); list runs with 'imgpipe runs'", exitCode: .usage)
        }

        let uploads = try await eventLog.uploads(of: runID)
        var outcomes: [(upload: RunUpload, outcome: String)] = uploads.filter(\.isDeleted).map { ($0, "already deleted") }
        let pending = uploads.filter { !$0.isDeleted }
        if invocation.arguments.flag("dry-run") {
            outcomes += pending.map { ($0, "would delete") }
        } else if !pending.isEmpty {
            outcomes += try await delete(pending, run: runID, eventLog: eventLog, invocation: invocation)
        }

        print(outcomes, to: invocation)
        return outcomes.contains { $0.outcome == "failed" } ? .itemsFailed : .success
    }

    /// Deletes each image and records it at once, so an interrupted revert resumes where it stopped.
    private func delete(
        _ uploads: [RunUpload], run: RunID, eventLog: EventLog, invocation: Invocation
    ) async throws -> [(upload: RunUpload, outcome: String)] {
        let context = try ImgurCommandContext(invocation)
        let anonymous = ImgurSSO.anonymous(configuration: context.configuration)
        var signedIn: ImgurSSO?
        var outcomes: [(upload: RunUpload, outcome: String)] = []

        for upload in uploads {
            let outcome: String
            do {
                if let deletehash = upload.deletehash {
                    try await anonymous.deleteImage(deletehash)
                } else {
                    if signedIn == nil { signedIn = try await context.signedInSession() }
                    try await signedIn?.deleteImage(upload.imageID)
                }
                outcome = "deleted"
            } catch let error as ImgurError where error.status == 404 {
                outcome = "gone"
            } catch let error as ImgurError {
                invocation.standardError.line("deleting image \(upload.imageID) of item \(upload.itemID) failed: \(error)")
                outcomes.append((upload, "failed"))
                continue
            }
            try await eventLog.append([NewEvent(
                runID: run, itemID: upload.itemID, type: EventLog.imageDeletedType,
                payload: ["id": .string(upload.imageID), "outcome": .string(outcome)]
            )])
            outcomes.append((upload, outcome))
        }
        return outcomes
    }

    private func print(_ outcomes: [(upload: RunUpload, outcome: String)], to invocation: Invocation) {
        if invocation.wantsJSON {
            let images = outcomes.map { ["item_id": $0.upload.itemID, "id": $0.upload.imageID, "outcome": $0.outcome] }
            invocation.standardOutput.line((try? RunListing.encode(["images": images])) ?? "{}")
            return
        }
        for (upload, outcome) in outcomes {
            invocation.standardOutput.line("\(upload.imageID)  \(upload.itemID)  \(outcome)")
        }
        invocation.standardOutput.line("\(outcomes.count) images in the run.")
    }
}
