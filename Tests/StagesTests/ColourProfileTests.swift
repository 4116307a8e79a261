import Foundation
import Imaging
import Pipeline
@testable import Stages
import TestFixtures
import Testing

/// What the resize stage does with an embedded ICC profile. A file it re-encodes has its pixels
/// converted to sRGB, and it keeps an sRGB profile only with `privacy: keep`. A file it passes
/// on keeps its bytes and profile. So a wide-gamut profile is never dropped while its pixels
/// stay unconverted.
///
/// The samples are 64x48 JPEGs of one colour, written with libvips 8.14: sRGB red turned into
/// Display P3 by `vips icc_transform IN OUT p3` (pixels (234, 51, 34) with libvips' P3 profile,
/// described as "sP3C"), and the same red with libvips' sRGB profile attached by
/// `vips icc_transform IN OUT srgb`.
@Suite final class ColourProfileTests {
    static let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Media")
    static let displayP3 = media.appendingPathComponent("display-p3-red.jpg").path
    static let sRGBProfile = media.appendingPathComponent("srgb-profile-red.jpg").path
    static let sRGBRed: [UInt8] = [255, 0, 0]
    static let displayP3Red: [UInt8] = [234, 51, 34]
    let work: String

    init() throws {
        work = try SampleFiles.temporaryFolder()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: work)
    }

    private func prepare(_ source: String, _ settings: PreparationSettings) async throws -> PreparationResult {
        let work = self.work
        return try await BlockingWork.run {
            try ImagePreparation.prepare(source: source, sha256: "source-sha", workDirectory: work, name: "000001", settings: settings)
        }
    }

    @Test func displayP3SampleIsUnconverted() throws {
        let header = try ImageInspector.readHeader(at: Self.displayP3)

        #expect(header.iccProfile?.description == "sP3C")
        #expect(header.iccProfile?.isSRGB == false)
        #expect(header.hasPrivateMetadata, "the sample must carry EXIF, so that privacy: strip re-encodes it")
        #expect(close(try PixelSample.colour(at: Self.displayP3, x: 10, y: 10), Self.displayP3Red))
    }

    @Test func displayP3ConvertedWhenStripped() async throws {
        let result = try await prepare(Self.displayP3, PreparationSettings())
        let written = try ImageInspector.readHeader(at: result.file.path)

        #expect(result.file.rewritten)
        #expect(!written.hasICCProfile)
        #expect(close(try PixelSample.colour(at: result.file.path, x: 10, y: 10), Self.sRGBRed))
        #expect(result.payload["colour_space"] == .string("srgb"))
        #expect(result.payload["icc_profile"] == .string("sP3C"))
        #expect(result.payload["colour_converted"] == .bool(true))
    }

    @Test func displayP3ConvertedWhenKeptAndResized() async throws {
        let settings = PreparationSettings(request: ResizeRequest(maxWidth: 32), stripMetadata: false)
        let result = try await prepare(Self.displayP3, settings)
        let written = try ImageInspector.readHeader(at: result.file.path)

        #expect(result.file.rewritten)
        #expect(written.width == 32)
        #expect(written.iccProfile?.isSRGB == true, "profile: \(String(describing: written.iccProfile))")
        #expect(close(try PixelSample.colour(at: result.file.path, x: 10, y: 10), Self.sRGBRed))
        #expect(result.payload["colour_converted"] == .bool(true))
    }

    @Test func displayP3PassedOnWithProfile() async throws {
        let result = try await prepare(Self.displayP3, PreparationSettings(stripMetadata: false))
        let passed = try ImageInspector.readHeader(at: result.file.path)

        #expect(!result.file.rewritten)
        #expect(result.file.path == Self.displayP3)
        #expect(passed.iccProfile?.description == "sP3C")
        #expect(result.payload["colour_converted"] == .bool(false))
    }

    @Test func sRGBProfileNotTransformed() async throws {
        let result = try await prepare(Self.sRGBProfile, PreparationSettings())

        #expect(result.file.rewritten)
        #expect(close(try PixelSample.colour(at: result.file.path, x: 10, y: 10), Self.sRGBRed))
        #expect(result.payload["icc_profile"] == .string("sRGB"))
        #expect(result.payload["colour_converted"] == .bool(false))
    }

    /// libvips 8.14's sRGB-to-sRGB transform is not the identity. With it, `vipsthumbnail
    /// --size 600 --export-profile srgb` lowers this sample's mean from 116.0 to 113.1.
    @Test func untaggedSRGBColoursKept() async throws {
        let source = SampleFiles.image("exif_orient1_Landscape_1.jpg")
        let settings = PreparationSettings(request: ResizeRequest(maxWidth: 600))
        let result = try await prepare(source, settings)

        #expect(result.file.rewritten)
        #expect(abs(try PixelSample.mean(at: result.file.path) - PixelSample.mean(at: source)) < 1)
        #expect(result.payload["colour_converted"] == .bool(false))
    }

    @Test(arguments: [
        ("exif_orient1_Landscape_1.jpg", false),
        ("pillow_pil_sample_cmyk.jpg", true),
        ("pngsuite_basn2c16.png", true),
    ])
    func colourTransformNeededForSample(name: String, expected: Bool) throws {
        let header = try ImageInspector.readHeader(at: SampleFiles.image(name))
        #expect(ImageResizer.needsColourTransform(header) == expected)
    }

    /// The sRGB profile under another name must still count as sRGB, so its pixels skip the
    /// transform that libvips 8.14 does not perform as the identity.
    @Test func renamedSRGBProfileNotTransformed() async throws {
        let source = try Self.copy(Self.sRGBProfile, to: work, describedAs: "Cam")
        let result = try await prepare(source, PreparationSettings())

        #expect(try ImageInspector.readHeader(at: source).iccProfile?.description == "Cam")
        #expect(result.payload["icc_profile"] == .string("Cam"))
        #expect(result.payload["colour_converted"] == .bool(false))
        #expect(close(try PixelSample.colour(at: result.file.path, x: 10, y: 10), Self.sRGBRed))
    }

    /// A Display P3 profile that calls itself "sRGB" must still have its pixels converted.
    @Test func displayP3NamedSRGBConverted() async throws {
        let source = try Self.copy(Self.displayP3, to: work, describedAs: "sRGB")
        let result = try await prepare(source, PreparationSettings())

        #expect(try ImageInspector.readHeader(at: source).iccProfile?.description == "sRGB")
        #expect(result.payload["icc_profile"] == .string("sRGB"))
        #expect(result.payload["colour_converted"] == .bool(true))
        #expect(close(try PixelSample.colour(at: result.file.path, x: 10, y: 10), Self.sRGBRed))
    }

    @Test func colourTransformNeededForProfiles() throws {
        #expect(ImageResizer.needsColourTransform(try ImageInspector.readHeader(at: Self.displayP3)))
        #expect(!ImageResizer.needsColourTransform(try ImageInspector.readHeader(at: Self.sRGBProfile)))
    }

    /// A profile whose tag table is overwritten opens in lcms but offers no input transform,
    /// so libvips 8.14 reads the pixels as sRGB: the event must not claim a conversion.
    @Test func corruptProfileNotClaimedConverted() async throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.displayP3)))
        try ICCProfileBytes.editEmbeddedProfile(inJPEG: &bytes) { profile in
            let tagCount = Int(profile[128]) << 24 | Int(profile[129]) << 16 | Int(profile[130]) << 8 | Int(profile[131])
            profile.replaceSubrange(132..<132 + 12 * tagCount, with: [UInt8](repeating: 0xFF, count: 12 * tagCount))
        }
        let source = work + "/corrupt-profile.jpg"
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let header = try ImageInspector.readHeader(at: source)
        #expect(header.hasICCProfile)
        #expect(header.iccProfile?.isUsable == false)

        let result = try await prepare(source, PreparationSettings())

        #expect(result.file.rewritten)
        #expect(result.payload["colour_converted"] == .bool(false))
        #expect(result.payload["icc_profile_invalid"] == .bool(true))
        #expect(close(try PixelSample.colour(at: result.file.path, x: 10, y: 10), Self.displayP3Red))
    }

    @Test func usableProfileNotMarkedInvalid() async throws {
        #expect(try ImageInspector.readHeader(at: Self.displayP3).iccProfile?.isUsable == true)
        #expect(try ImageInspector.readHeader(at: Self.sRGBProfile).iccProfile?.isUsable == true)

        let result = try await prepare(Self.displayP3, PreparationSettings())

        #expect(result.payload["icc_profile_invalid"] == nil)
    }

    @Test func descriptionTrailingSpacesTrimmed() async throws {
        let source = try Self.copy(Self.displayP3, to: work, describedAs: "P3  ")

        let result = try await prepare(source, PreparationSettings())

        #expect(result.payload["icc_profile"] == .string("P3"))
    }

    /// Copies the JPEG at `source` into `folder` with its embedded profile's description
    /// replaced by `name`, and returns the copy's path.
    static func copy(_ source: String, to folder: String, describedAs name: String) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        try ICCProfileBytes.editEmbeddedProfile(inJPEG: &bytes) { try ICCProfileBytes.renameDescription(in: &$0, to: name) }

        let copy = folder + "/renamed-" + URL(fileURLWithPath: source).lastPathComponent
        try Data(bytes).write(to: URL(fileURLWithPath: copy))
        return copy
    }

    /// True when every band is within `tolerance` steps: the samples are re-encoded as JPEG.
    private func close(_ colour: [UInt8], _ expected: [UInt8], tolerance: Int = 8) -> Bool {
        colour.count == expected.count && zip(colour, expected).allSatisfy { abs(Int($0) - Int($1)) <= tolerance }
    }
}
