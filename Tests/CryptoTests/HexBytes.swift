import Foundation

extension Data {
    /// Decodes an even-length string of hexadecimal digits, the form test vectors are written in.
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex

        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }

    var hex: String {
        map { String(format: "%02x", $0) }.joined()
    }
}
