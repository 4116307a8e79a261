import Foundation
import ImgurAdapter
import Pipeline

/// The checks the upload stage makes before sending a file. Content this pipeline uploaded
/// before is skipped. An upload of the same content that an earlier process sent without
/// recording the result, in this run or in an abandoned run of the pipeline, is looked up
/// instead of being sent twice. The pipeline's run lock keeps a second live process from
/// running the pipeline, so such an upload is never one that another process is still sending.
///
/// NOTE: `imgpipe upload` takes no run lock, so two `upload` processes sending the same content
/// at once can each see the other's upload as one whose result was not recorded.
struct UploadGuard: Sendable {
    /// How many pages of the account's newest images (50 a page) are searched for an upload
    /// whose result was not recorded.
    static let recentPages = 4

    enum Decision {
        case upload
        case skip(reason: String, details: [String: JSONValue])
        case recovered(ImgurImage)
    }

    func check(_ item: Item, session: ImgurSSO, account: AccountReference, in run: RunContext) async throws -> Decision {
        guard !run.options.force else { return .upload }

        let history = try await run.eventLog.uploadHistory(
            of: item.sha256, pipeline: run.definition.name, claimedNowBy: item.id, in: run.runID)
        if let earlier = history.earlier, !(earlier.runID == run.runID && earlier.itemID == item.id) {
            return .skip(reason: skipReason(earlier), details: [
                "earlier_run": .string(earlier.runID.rawValue),
                "earlier_item": .string(earlier.itemID),
                "link": earlier.link.map(JSONValue.string) ?? .null,
                "sha256": .string(item.sha256),
            ])
        }
        guard let claim = history.unrecorded else { return .upload }

        guard case .named = account else {
            try await run.record("upload.outcome_unknown", item: item.id, stage: .upload, [
                "sha256": .string(item.sha256), "account": .string(account.description),
                "earlier_run": .string(claim.runID.rawValue), "earlier_item": .string(claim.itemID),
            ])
            throw StageError(
                "the upload of '\(item.sourcePath)' was sent by an earlier process (run \(claim.runID) item \(claim.itemID)) that " +
                "stopped before recording its result, and anonymous uploads cannot be looked up; check the image on Imgur, " +
                "or run again with --force to upload it again"
            )
        }
        if let image = try await findRecent(item.sha256, session: session) {
            return .recovered(image)
        }
        return .upload
    }

    private func skipReason(_ earlier: EarlierUpload) -> String {
        guard let link = earlier.link else {
            return "the upload of the same content by run \(earlier.runID) item \(earlier.itemID) has an unknown outcome; use --force to upload it again"
        }
        return "already uploaded by run \(earlier.runID) item \(earlier.itemID): \(link)"
    }

    private func findRecent(_ sha256: String, session: ImgurSSO) async throws -> ImgurImage? {
        for page in 0..<Self.recentPages {
            let images = try await ImgurErrorMapping.perform { try await session.accountImages(page: page) }
            if let match = images.first(where: { $0.name == sha256 }) {
                return match
            }
            if images.count < 50 { break }
        }
        return nil
    }
}
