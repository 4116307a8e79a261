import Imaging
import Testing

/// Profiles built byte by byte: a 128-byte header, a tag table with one `desc` entry, and the
/// tag in the version 2 (`desc`, ASCII) or version 4 (`mluc`, UTF-16BE) form.
@Suite struct ICCProfileTests {
    @Test func version2DescriptionRead() throws {
        let text = Array("sRGB IEC61966-2.1".utf8) + [0]
        let tag = Array("desc".utf8) + [0, 0, 0, 0] + bigEndian(text.count) + text
        let profile = try #require(ICCProfile(bytes: Self.profile(colourSpace: "RGB ", descriptionTag: tag)))

        #expect(profile.colourSpace == "RGB ")
        #expect(profile.description == "sRGB IEC61966-2.1")
        #expect(!profile.isSRGB, "a profile without colorants or tone curves is not sRGB, whatever its name")
    }

    @Test func version4DescriptionRead() throws {
        let text = "Display P3".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let record = Array("enUS".utf8) + bigEndian(text.count) + bigEndian(28)
        let tag = Array("mluc".utf8) + [0, 0, 0, 0] + bigEndian(1) + bigEndian(12) + record + text
        let profile = try #require(ICCProfile(bytes: Self.profile(colourSpace: "RGB ", descriptionTag: tag)))

        #expect(profile.description == "Display P3")
        #expect(!profile.isSRGB)
    }

    @Test func descriptionTrailingSpacesTrimmed() throws {
        let text = Array("Display P3   ".utf8) + [0]
        let tag = Array("desc".utf8) + [0, 0, 0, 0] + bigEndian(text.count) + text
        let profile = try #require(ICCProfile(bytes: Self.profile(colourSpace: "RGB ", descriptionTag: tag)))

        #expect(profile.description == "Display P3")
    }

    /// lcms needs colorants and tone curves, or a lookup table, to build an input transform.
    @Test func profileWithoutTransformTagsUnusable() throws {
        let text = Array("sRGB".utf8) + [0]
        let tag = Array("desc".utf8) + [0, 0, 0, 0] + bigEndian(text.count) + text
        let profile = try #require(ICCProfile(bytes: Self.profile(colourSpace: "RGB ", descriptionTag: tag)))

        #expect(!profile.isUsable)
    }

    @Test func cmykNamedSRGBNotSRGB() throws {
        let text = Array("sRGB".utf8) + [0]
        let tag = Array("desc".utf8) + [0, 0, 0, 0] + bigEndian(text.count) + text
        let profile = try #require(ICCProfile(bytes: Self.profile(colourSpace: "CMYK", descriptionTag: tag)))

        #expect(!profile.isSRGB)
    }

    @Test func truncatedTagHasNoDescription() throws {
        let tag = Array("desc".utf8) + [0, 0, 0, 0] + bigEndian(500) + Array("sRGB".utf8)
        let profile = try #require(ICCProfile(bytes: Self.profile(colourSpace: "RGB ", descriptionTag: tag)))

        #expect(profile.description == nil)
        #expect(!profile.isSRGB)
    }

    @Test func shortBytesRejected() {
        #expect(ICCProfile(bytes: [UInt8](repeating: 0, count: 100)) == nil)
    }

    private static func profile(colourSpace: String, descriptionTag: [UInt8]) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 128)
        header.replaceSubrange(16..<20, with: Array(colourSpace.utf8))
        let tagOffset = 128 + 4 + 12
        let table = bigEndian(1) + Array("desc".utf8) + bigEndian(tagOffset) + bigEndian(descriptionTag.count)
        return header + table + descriptionTag
    }
}

private func bigEndian(_ value: Int) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * (3 - $0))) }
}
