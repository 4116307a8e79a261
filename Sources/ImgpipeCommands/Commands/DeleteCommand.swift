import ImgurAdapter

/// `imgpipe delete`: delete an image by id (signed in) or by deletehash (anonymous uploads).
public struct DeleteCommand: Command {
    public let spec = CommandSpec(
        "delete",
        summary: "Delete an Imgur image by id (signed in) or by deletehash.",
        discussion: "An image uploaded anonymously can only be deleted by its deletehash; --anonymous sends the "
            + "request with the client id only.",
        options: [
            .flag("anonymous", help: "Delete by deletehash with the client id, without an account."),
            .flag("json", help: "Print the result as one JSON document on stdout."),
        ],
        positionals: [
            PositionalSpec("ID_OR_DELETEHASH", help: "The image id (7 characters) or its deletehash (15 characters)."),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        let target = invocation.arguments.positional("ID_OR_DELETEHASH") ?? ""
        guard !target.isEmpty else {
            throw UsageError("missing image id or deletehash", command: spec.displayName)
        }
        let context = try ImgurCommandContext(invocation)
        let session = invocation.arguments.flag("anonymous")
            ? ImgurSSO.anonymous(configuration: context.configuration)
            : try await context.signedInSession()

        try await ImgurCommandContext.mapFailures { try await session.deleteImage(target) }
        await context.recordBudget(of: session)

        if invocation.wantsJSON {
            try invocation.printJSON(["deleted": target])
        } else {
            invocation.standardOutput.line("Deleted \(target)")
        }
        return .success
    }
}
