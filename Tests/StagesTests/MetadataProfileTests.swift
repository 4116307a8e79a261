import Foundation
import Imaging
import Pipeline
@testable import Stages
import Testing

/// The metadata stage's event names the embedded ICC profile and records whether its content is
/// sRGB, because `colour_space` is libvips' interpretation and reads "srgb" for a Display P3
/// JPEG too. The samples are those of `ColourProfileTests`.
@Suite final class MetadataProfileTests {
    let work: String

    init() throws {
        work = try SampleFiles.temporaryFolder()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: work)
    }

    private func payload(of path: String) throws -> [String: JSONValue] {
        ItemMetadata(header: try ImageInspector.readHeader(at: path)).payload
    }

    @Test func displayP3ProfileRecorded() throws {
        let payload = try payload(of: ColourProfileTests.displayP3)

        #expect(payload["colour_space"] == .string("srgb"))
        #expect(payload["icc_profile"] == .string("sP3C"))
        #expect(payload["icc_profile_srgb"] == .bool(false))
    }

    @Test func sRGBProfileRecorded() throws {
        let payload = try payload(of: ColourProfileTests.sRGBProfile)

        #expect(payload["icc_profile"] == .string("sRGB"))
        #expect(payload["icc_profile_srgb"] == .bool(true))
    }

    @Test func displayP3NamedSRGBRecordedAsNotSRGB() throws {
        let renamed = try ColourProfileTests.copy(ColourProfileTests.displayP3, to: work, describedAs: "sRGB")
        let payload = try payload(of: renamed)

        #expect(payload["icc_profile"] == .string("sRGB"))
        #expect(payload["icc_profile_srgb"] == .bool(false))
    }

    @Test func untaggedImageHasNoProfileFields() throws {
        let payload = try payload(of: SampleFiles.image("exif_orient1_Landscape_1.jpg"))

        #expect(payload["colour_space"] == .string("srgb"))
        #expect(payload["icc_profile"] == nil)
        #expect(payload["icc_profile_srgb"] == nil)
    }
}
