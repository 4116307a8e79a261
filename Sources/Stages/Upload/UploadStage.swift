import Foundation
import ImgurAdapter
import Pipeline
import Synchronization

/// Uploads each prepared file to Imgur under the item's account, with the source's SHA-256 in
/// the `name` field so the upload can be found again by content.
public struct UploadStage: PipelineStage {
    public let type = StageType.upload
    public var hasSideEffects: Bool { true }
    let title: TitleTemplate
    let description: TitleTemplate?
    let album: AlbumChoice
    let registry: SessionRegistry
    /// The album made for this run by `album: {create: TITLE}`, once prepared.
    private let createdAlbum = AlbumBox()

    public init(definition: StageDefinition, registry: SessionRegistry) {
        let options = definition.options
        title = TitleTemplate(text: options.string("title") ?? "{stem}")
        description = options.string("description").map(TitleTemplate.init)
        album = AlbumChoice(options["album"])
        self.registry = registry
    }

    public func prepare(_ run: RunContext) async throws {
        guard case .create(let albumTitle) = album else { return }
        let account = run.definition.stage(.authenticate).map { AuthenticateStage.account(of: $0, environment: run.environment) } ?? .anonymous
        let session = try registry.session(for: account)
        let created = try await ImgurErrorMapping.perform { try await session.createAlbum(title: albumTitle) }
        createdAlbum.set(created.id)
        try await run.record("album.created", stage: type, ["album": .string(created.id), "title": .string(albumTitle)])
    }

    public func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        guard let account = item.account else {
            throw StageError("item \(item.id) reached upload without an account: add an authenticate stage before upload")
        }
        let session = try registry.session(for: account)
        let file = URL(fileURLWithPath: item.uploadPath)
        let title = title.render(item, runID: run.runID)
        let description = description?.render(item, runID: run.runID)
        let albumID = createdAlbum.id ?? album.existingID

        let isVideo = (item.prepared?.videoContainer ?? item.metadata?.videoContainer) != nil
        let image: ImgurImage
        switch try await UploadGuard().check(item, session: session, account: account, in: run) {
        case .skip(let reason, let details):
            return .skipped(item, reason: reason, details: details)
        case .recovered(let found):
            image = found
        case .upload:
            image = try await ImgurErrorMapping.perform {
                try await uploadWhenAllowed(item, in: run, session: session) {
                    isVideo
                        ? try await session.uploadVideo(at: file, title: title, description: description, name: item.sha256, album: albumID)
                        : try await session.uploadImage(at: file, title: title, description: description, name: item.sha256, album: albumID)
                }
            }
        }
        var next = item
        next.upload = UploadRecord(
            id: image.id, link: image.link, deletehash: image.deletehash, type: image.type,
            width: image.width, height: image.height, size: Int64(image.size)
        )
        return .next(next, output: uploadPayload(next, account: account, album: albumID))
    }

    private func uploadPayload(_ item: Item, account: AccountReference, album: String?) -> [String: JSONValue] {
        guard let upload = item.upload else { return [:] }
        var payload: [String: JSONValue] = [
            "id": .string(upload.id),
            "link": .string(upload.link),
            "account": .string(account.description),
            "sha256": .string(item.sha256),
            "prepared_sha256": .string(item.prepared?.sha256 ?? item.sha256),
        ]
        if let deletehash = upload.deletehash { payload["deletehash"] = .string(deletehash) }
        if let type = upload.type { payload["type"] = .string(type) }
        if let width = upload.width { payload["width"] = .integer(Int64(width)) }
        if let height = upload.height { payload["height"] = .integer(Int64(height)) }
        if let album { payload["album"] = .string(album) }
        return payload
    }
}

/// The `album` option: none, an existing album id, or one album created per run.
enum AlbumChoice: Sendable {
    case none
    case existing(String)
    case create(String)

    init(_ value: OptionValue?) {
        switch value {
        case .string(let id): self = .existing(id)
        case .mapping(let mapping) where mapping["create"] != nil: self = .create(mapping["create"]!)
        default: self = .none
        }
    }

    var existingID: String? {
        if case .existing(let id) = self { return id }
        return nil
    }
}

/// Holds the id of the album created in `prepare` for the rest of the run.
final class AlbumBox: Sendable {
    private let value = Mutex<String?>(nil)

    var id: String? { value.withLock { $0 } }

    func set(_ id: String) {
        value.withLock { $0 = id }
    }
}
