import Foundation
import Imaging

/// One row of the sample images' MANIFEST.tsv with what an upload of it must look like.
struct SampleImage: Sendable {
    let fileName: String
    /// The format recognised from the magic bytes: "jpeg", "png", "gif", "webp", "heif/heic", "empty", "unknown".
    let magic: String
    let storedWidth: Int?
    let storedHeight: Int?
    let orientation: Int?
    let frames: Int
    /// The manifest's expected behaviour, such as "reject: truncated" or "upload as is 32x32".
    let behaviour: String

    var isRejected: Bool { behaviour.hasPrefix("reject") }

    /// The format Imgur receives: WebP and HEIC become JPEG (neither sample has transparency).
    var uploadedFormat: ImageFormat? {
        switch magic {
        case "webp", "heif/heic": .jpeg
        default: ImageFormat(rawValue: magic)
        }
    }

    /// The size as displayed, after EXIF orientation 5 to 8 swaps the sides.
    var displayedSize: (width: Int, height: Int)? {
        guard let storedWidth, let storedHeight else { return nil }
        return (5...8).contains(orientation ?? 1) ? (storedHeight, storedWidth) : (storedWidth, storedHeight)
    }

    static func load(from folder: URL) throws -> [SampleImage] {
        let text = try String(contentsOf: folder.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return SampleImage(
                fileName: columns[0], magic: columns[2], storedWidth: Int(columns[4]), storedHeight: Int(columns[5]),
                orientation: Int(columns[6]), frames: Int(columns[7]) ?? 1, behaviour: columns[10]
            )
        }
    }
}
