import COpenSSL
import Foundation

/// Compares two byte strings in time that depends only on their length, through
/// `CRYPTO_memcmp`, so a MAC check does not reveal how many leading bytes matched.
///
/// Data of different lengths is unequal at once: the length of a MAC is not secret.
public func constantTimeEquals(_ a: Data, _ b: Data) -> Bool {
    guard a.count == b.count else {
        return false
    }
    guard !a.isEmpty else {
        return true
    }
    return a.withUnsafeBytes { first in
        b.withUnsafeBytes { second in
            CRYPTO_memcmp(first.baseAddress, second.baseAddress, a.count) == 0
        }
    }
}
