/// The one declaration of every stage type and its options.
public enum StageCatalog {
    /// Options of the whole pipeline, set at the top level of a definition next to `name`.
    public static let pipelineOptions: [OptionDeclaration] = [
        OptionDeclaration("shutdown_timeout", .duration(allowsZero: true), default: .duration(PipelineDefinition.defaultShutdownTimeout),
                          "How long items in flight may take to finish after SIGTERM or SIGINT; `--shutdown-timeout` of `serve` and `--drain-timeout` override it."),
    ]

    /// Options every stage accepts, also accepted under the top-level `defaults`.
    public static let sharedOptions: [OptionDeclaration] = [
        OptionDeclaration("concurrency", .integer(1...Int.max), defaultDescription: "1 (4 for `upload`)",
                          "Items the stage works on at once."),
        OptionDeclaration("capacity", .integer(1...Int.max), defaultDescription: "2 x concurrency",
                          "Items that may wait in the link in front of the stage."),
        OptionDeclaration("retry", .retry, defaultDescription: "see below",
                          "How a retryable failure is retried."),
    ]

    /// The keys of the shared `retry` mapping.
    public static let retryOptions: [OptionDeclaration] = [
        OptionDeclaration("max_attempts", .integer(1...Int.max), default: .integer(RetryPolicy.default.maxAttempts),
                          "Attempts per item, the first included."),
        OptionDeclaration("initial_delay", .duration(allowsZero: true), default: .duration(RetryPolicy.default.initialDelay),
                          "Ceiling of the first wait; it doubles per attempt."),
        OptionDeclaration("max_delay", .duration(allowsZero: true), default: .duration(RetryPolicy.default.maxDelay),
                          "Largest ceiling of a wait; each wait is drawn at random below the ceiling."),
    ]

    public static let stages: [StageDeclaration] = [ingest, metadata, resize, authenticate, upload, notify]

    public static func declaration(for type: StageType) -> StageDeclaration {
        guard let declaration = stages.first(where: { $0.type == type }) else {
            preconditionFailure("StageCatalog declares no stage '\(type.rawValue)'")
        }
        return declaration
    }

    static let ingest = StageDeclaration(
        type: .ingest,
        summary: "Finds image files in a folder and starts one item per file.",
        options: [
            OptionDeclaration("path", .path, required: true, "Folder to read images from; `~` is the home directory."),
            OptionDeclaration("include", .strings, default: .strings([
                "*.jpg", "*.jpeg", "*.png", "*.apng", "*.gif", "*.webp", "*.heic", "*.heif", "*.avif", "*.tif", "*.tiff",
                "*.mp4", "*.m4v", "*.mov", "*.webm", "*.mkv", "*.avi",
            ]),
                              "Glob patterns of files to take, case-insensitive."),
            OptionDeclaration("exclude", .strings, default: .strings([]), "Glob patterns of files to skip."),
            OptionDeclaration("recursive", .boolean, default: .boolean(true), "Whether subfolders are read too."),
            OptionDeclaration("after", .choiceOrMapping(["keep", "delete"], key: "move", valueName: "DIR"), default: .string("keep"),
                              "What happens to a source file once its item succeeded."),
            OptionDeclaration("watch", .boolean, default: .boolean(false), "Whether to keep watching the folder for new files."),
            OptionDeclaration("rescan_every", .duration(allowsZero: false), default: .duration(.seconds(300)),
                              "Interval of full rescans while watching, to catch missed events."),
            OptionDeclaration("stable_for", .duration(allowsZero: true), default: .duration(.seconds(2)),
                              "Time a file's size must stay unchanged before it is taken."),
        ]
    )

    static let metadata = StageDeclaration(
        type: .metadata,
        summary: "Reads each image's format, dimensions and hash, and rejects files over the limits.",
        options: [
            OptionDeclaration("max_input_pixels", .integer(1...Int.max), default: .integer(100_000_000),
                              "Largest width x height accepted, checked from the header before decoding."),
            OptionDeclaration("max_input_size", .size, "Largest source file accepted, in bytes."),
            OptionDeclaration("max_total_pixels", .integer(1...Int.max), "Largest sum of width x height over all frames."),
        ]
    )

    static let resize = StageDeclaration(
        type: .resize,
        summary: "Prepares each image for upload: orientation, privacy, format, size limits and resizing.",
        options: [
            OptionDeclaration("max_width", .integer(1...Int.max), "Largest output width in pixels."),
            OptionDeclaration("max_height", .integer(1...Int.max), "Largest output height in pixels."),
            OptionDeclaration("max_pixels", .integer(1...Int.max), "Largest output width x height."),
            OptionDeclaration("format", .choice(["keep", "jpeg", "png"]), default: .string("keep"), "Output format."),
            OptionDeclaration("quality", .integer(1...100), default: .integer(85), "JPEG quality of re-encoded images."),
            OptionDeclaration("privacy", .choice(["strip", "keep"]), default: .string("strip"),
                              "Whether EXIF, GPS and other metadata are removed."),
            OptionDeclaration("fit_size", .boolean, default: .boolean(true),
                              "Whether images over Imgur's 10 MB limit are shrunk to fit."),
        ]
    )

    static let authenticate = StageDeclaration(
        type: .authenticate,
        summary: "Resolves the Imgur account once per run and attaches it to each item.",
        options: [
            OptionDeclaration("account", .string, default: .string("default"), "Name of the signed-in account to upload as."),
            OptionDeclaration("anonymous", .boolean, default: .boolean(false), "Upload without an account, with the client id only."),
        ],
        exclusiveOptions: [["account", "anonymous"]]
    )

    static let upload = StageDeclaration(
        type: .upload,
        summary: "Uploads each prepared image to Imgur.",
        options: [
            OptionDeclaration("title", .template, default: .string("{stem}"), "Title of the uploaded image."),
            OptionDeclaration("description", .template, "Description of the uploaded image."),
            OptionDeclaration("album", .stringOrMapping(valueName: "album id", key: "create", mappingValueName: "TITLE"),
                              "Album to add images to: an existing album's id, or `{create: TITLE}` for a new one per run."),
        ],
        defaultConcurrency: 4
    )

    static let notify = StageDeclaration(
        type: .notify,
        summary: "Sends a signed Standard Webhooks request for each uploaded image.",
        options: [
            OptionDeclaration("url", .url, required: true, "Endpoint that receives the webhooks."),
            OptionDeclaration("secret", .webhookSecret, required: true, "Signing secret, `whsec_` followed by base64."),
            OptionDeclaration("wait", .duration(allowsZero: true), default: .duration(.seconds(30)),
                              "How long a finished run waits for pending deliveries."),
            OptionDeclaration("timeout", .duration(allowsZero: false), default: .duration(.seconds(15)),
                              "Time limit of one delivery attempt."),
            OptionDeclaration("attempts", .integer(1...Int.max), default: .integer(8),
                              "Delivery attempts per webhook, the first included, before it is dead-lettered."),
            OptionDeclaration("first_retry_delay", .duration(allowsZero: true), default: .duration(.seconds(5)),
                              "Wait after the first failed attempt; each later wait is 6 times longer, with 20% jitter."),
            OptionDeclaration("max_retry_delay", .duration(allowsZero: true), default: .duration(.seconds(36_000)),
                              "Largest wait between two delivery attempts."),
            OptionDeclaration("max_concurrent", .integer(1...Int.max), default: .integer(4),
                              "Deliveries sent to the endpoint at once."),
        ]
    )
}
