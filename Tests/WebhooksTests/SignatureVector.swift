import Foundation
import TestFixtures
import Testing

/// One row of standard-webhooks-vectors.tsv: a secret, a message and a signature header,
/// and whether the header must verify.
struct SignatureVector: Sendable, CustomTestStringConvertible {
    let name: String
    let secret: String
    let id: String
    let timestamp: Int64
    let payload: String
    let signatureHeader: String
    let mustVerify: Bool

    var testDescription: String { name }

    static let all: [SignatureVector] = {
        let path = Fixtures.webhooks("standard-webhooks-vectors.tsv")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return []
        }
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }

        return rows.map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return SignatureVector(
                name: columns[0], secret: columns[1], id: columns[2], timestamp: Int64(columns[3]) ?? -1,
                payload: columns[4], signatureHeader: columns[5], mustVerify: columns[6] == "yes"
            )
        }
    }()
}
