import COpenSSL
import Foundation

/// Cryptographically secure random bytes from OpenSSL's `RAND_bytes`.
public enum SecureRandom {
    public static func bytes(count: Int) -> Data {
        precondition(count >= 0, "SecureRandom.bytes(count:) needs a count of zero or more, got \(count)")
        var bytes = [UInt8](repeating: 0, count: count)

        guard count > 0 else {
            return Data()
        }
        // A failing generator must stop the program: returning weak bytes would be worse.
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            preconditionFailure("\(CryptoError.openSSL("RAND_bytes failed to produce \(count) bytes"))")
        }
        return Data(bytes)
    }
}
