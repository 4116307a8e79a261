import Foundation
import Imaging
import TestFixtures
import Testing

/// One row of the sample images' MANIFEST.tsv.
struct ManifestEntry: Sendable, CustomTestStringConvertible {
    let fileName: String
    /// The format recognised from the magic bytes: "jpeg", "png", "heif/heic", "empty", "unknown"...
    let magic: String
    let width: Int?
    let height: Int?
    let orientation: Int?
    let byteSize: Int64

    var testDescription: String { fileName }

    var path: String { Fixtures.image(fileName) }

    /// The format `ImageInspector` should report, or nil when reading must fail.
    var expectedFormat: ImageFormat? {
        switch magic {
        case "heif/heic": .heif
        case "empty", "unknown": nil
        default: ImageFormat(rawValue: magic)
        }
    }

    static let all: [ManifestEntry] = {
        let url = Fixtures.root.appendingPathComponent("images/MANIFEST.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return []
        }
        let rows = text.split(separator: "\n").dropFirst()

        return rows.map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return ManifestEntry(
                fileName: columns[0], magic: columns[2], width: Int(columns[4]), height: Int(columns[5]),
                orientation: Int(columns[6]), byteSize: Int64(columns[8]) ?? -1
            )
        }
    }()

    static var readable: [ManifestEntry] { all.filter { $0.expectedFormat != nil } }
    static var unreadable: [ManifestEntry] { all.filter { $0.expectedFormat == nil } }
}
