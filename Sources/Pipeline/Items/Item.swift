/// One source file travelling through one run, with what each stage learned about it.
///
/// The identity (`id`, `sourcePath`, `sha256`) is fixed at ingest and kept across stages;
/// the later fields are filled in by the stage that owns them.
public struct Item: Sendable {
    /// Unique within the run: the zero-padded position in ingest order, e.g. "000042".
    public let id: String
    /// Position in ingest order, counting from 1 (the `{index}` template).
    public let index: Int
    public let sourcePath: String
    /// SHA-256 of the source file's bytes, lowercase hex: the content's identity.
    public let sha256: String
    public let byteSize: Int64

    public var metadata: ItemMetadata?
    public var prepared: PreparedFile?
    /// The Imgur account the item is uploaded under, by name; never a token.
    public var account: AccountReference?
    public var upload: UploadRecord?
    /// Set when a stage failed the item; only stages that report failures still see it.
    public var failure: ItemFailure?

    public init(id: String, index: Int, sourcePath: String, sha256: String, byteSize: Int64) {
        self.id = id
        self.index = index
        self.sourcePath = sourcePath
        self.sha256 = sha256
        self.byteSize = byteSize
    }

    /// The file that upload sends: the prepared copy when there is one, else the source.
    public var uploadPath: String {
        prepared?.path ?? sourcePath
    }

    public static func identifier(forIndex index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
