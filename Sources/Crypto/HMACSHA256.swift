import COpenSSL
import Foundation

/// HMAC with SHA-256 (RFC 2104), computed through OpenSSL's `EVP_Q_mac`.
public enum HMACSHA256 {
    /// Returns the 32-byte MAC of `message` under `key`.
    public static func authenticationCode(for message: Data, key: Data) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0

        let result = key.withNonNullBytes { keyBytes in
            message.withNonNullBytes { messageBytes in
                EVP_Q_mac(
                    nil, "HMAC", nil, "SHA256", nil,
                    keyBytes.baseAddress, keyBytes.count,
                    messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                    &output, output.count, &length
                )
            }
        }
        // HMAC-SHA256 fails only when OpenSSL itself is broken, so this is not a caller error.
        guard result != nil else {
            preconditionFailure("\(CryptoError.openSSL("EVP_Q_mac for HMAC-SHA256 failed"))")
        }
        return Data(output.prefix(length))
    }
}

extension Data {
    /// Calls `body` with a buffer whose base address is never nil, even for empty data,
    /// because OpenSSL rejects a null pointer with a zero length in some calls.
    func withNonNullBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if isEmpty {
            var placeholder: UInt8 = 0
            return Swift.withUnsafeBytes(of: &placeholder) { body(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
        }
        return withUnsafeBytes(body)
    }
}
