import Crypto
import Foundation
import TestFixtures
import Testing

@Suite struct SHA256Tests {
    @Test(
        "digest of known strings",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ]
    )
    func knownStrings(text: String, expectedHex: String) {
        let digest = SHA256.hash(Data(text.utf8))

        #expect(digest.hex == expectedHex)
        #expect(digest.bytes.count == 32)
        #expect(digest.description == expectedHex)
    }

    @Test func reusedHasherMatchesOneShot() {
        let hasher = ReusableSHA256Hasher()
        var hex = [UInt8](repeating: 0, count: 64)
        let inputs = ["abc", "", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "abc"]

        for text in inputs {
            // Two updates per digest, so that a digest covers only what was added since the last.
            let bytes = Array(text.utf8)
            bytes.prefix(1).withUnsafeBytes { hasher.update($0) }
            bytes.dropFirst().withUnsafeBytes { hasher.update($0) }
            hex.withUnsafeMutableBytes { hasher.finalizeHex(into: $0) }

            #expect(String(decoding: hex, as: UTF8.self) == SHA256.hash(Data(text.utf8)).hex, "input '\(text)'")
        }
    }

    @Test func fixtureFileMatchesSha256sum() throws {
        let path = Fixtures.image("exif_orient1_Landscape_1.jpg")

        let digest = try SHA256.hash(fileAt: path)

        #expect(try digest.hex == sha256sum(path))
    }

    /// A file of several chunks whose size is not a multiple of the 1 MiB read size.
    @Test func multiChunkFileMatchesOneShot() throws {
        let data = SecureRandom.bytes(count: 3 * (1 << 20) + 7)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("crypto-tests-\(UUID().uuidString).bin").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let fromFile = try SHA256.hash(fileAt: path)

        #expect(fromFile == SHA256.hash(data))
        #expect(try fromFile.hex == sha256sum(path))
    }

    @Test func missingFileThrowsWithPath() {
        let path = "/nonexistent/imgpipe-crypto-tests/missing.jpg"

        let error = #expect(throws: CryptoError.self) {
            try SHA256.hash(fileAt: path)
        }

        #expect(error?.path == path)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("No such file") == true)
    }

    @Test func incrementalEqualsOneShot() {
        let data = SecureRandom.bytes(count: 10_000)
        var hasher = SHA256Hasher()

        hasher.update(data.prefix(1))
        hasher.update(Data())
        data.dropFirst(1).prefix(4_000).withUnsafeBytes { hasher.update($0) }
        hasher.update(data.dropFirst(4_001))

        #expect(hasher.finalize() == SHA256.hash(data))
    }

    /// Runs coreutils' `sha256sum` as an independent implementation to compare against.
    private func sha256sum(_ path: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        process.standardOutput = output

        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        return String(text.prefix(64))
    }
}

@Suite struct SHA256HasherCopyTests {
    @Test func copyContinuesIndependently() {
        var first = SHA256Hasher()
        first.update(Data("ab".utf8))
        var second = first

        first.update(Data("c".utf8))
        second.update(Data("x".utf8))

        #expect(first.finalize() == SHA256.hash(Data("abc".utf8)))
        #expect(second.finalize() == SHA256.hash(Data("abx".utf8)))
    }

    @Test func finalizingCopyLeavesOriginalUsable() {
        var hasher = SHA256Hasher()
        hasher.update(Data("a".utf8))
        let snapshot = hasher

        #expect(snapshot.finalize() == SHA256.hash(Data("a".utf8)))

        hasher.update(Data("bc".utf8))
        #expect(hasher.finalize() == SHA256.hash(Data("abc".utf8)))
    }
}
