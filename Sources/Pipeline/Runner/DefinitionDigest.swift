import Crypto
import Foundation

/// The SHA-256 of a definition's recorded text, stored with each run to tell versions apart.
enum DefinitionDigest {
    static func sha256(of text: String) -> String {
        SHA256.hash(Data(text.utf8)).hex
    }
}
