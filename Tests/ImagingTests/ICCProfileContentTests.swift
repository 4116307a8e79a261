import Foundation
import Imaging
import TestFixtures
import Testing

/// Whether a profile is sRGB is decided by its colorants and tone curves, never by its name.
/// The profiles are the ones built into libvips 8.14. Its "srgb" is described as "sRGB" and its
/// "p3" as "sP3C", and both are version 2 matrix/TRC profiles with 16-bit `curv` tables. Tests
/// that need a renamed profile or another tone curve edit these bytes.
@Suite struct ICCProfileContentTests {
    @Test func libvipsSRGBIsSRGB() throws {
        let profile = try #require(ICCProfile(bytes: try ICCProfile.libvipsProfileBytes(named: "srgb")))

        #expect(profile.colourSpace == "RGB ")
        #expect(profile.description == "sRGB")
        #expect(profile.isSRGB)
    }

    @Test func libvipsDisplayP3NotSRGB() throws {
        let profile = try #require(ICCProfile(bytes: try ICCProfile.libvipsProfileBytes(named: "p3")))

        #expect(profile.colourSpace == "RGB ")
        #expect(profile.description == "sP3C")
        #expect(!profile.isSRGB)
    }

    @Test func libvipsCMYKNotSRGB() throws {
        let profile = try #require(ICCProfile(bytes: try ICCProfile.libvipsProfileBytes(named: "cmyk")))

        #expect(profile.colourSpace == "CMYK")
        #expect(!profile.isSRGB)
    }

    @Test func renamedSRGBStillSRGB() throws {
        var bytes = try ICCProfile.libvipsProfileBytes(named: "srgb")
        try ICCProfileBytes.renameDescription(in: &bytes, to: "Cam")
        let profile = try #require(ICCProfile(bytes: bytes))

        #expect(profile.description == "Cam")
        #expect(profile.isSRGB)
    }

    @Test func displayP3NamedSRGBNotSRGB() throws {
        var bytes = try ICCProfile.libvipsProfileBytes(named: "p3")
        try ICCProfileBytes.renameDescription(in: &bytes, to: "sRGB")
        let profile = try #require(ICCProfile(bytes: bytes))

        #expect(profile.description == "sRGB")
        #expect(!profile.isSRGB)
    }

    /// sRGB's primaries with other tone curves, as in linear-light or gamma 2.2 "RGB" profiles.
    @Test(arguments: [1.0, 2.2])
    func otherToneCurveNotSRGB(gamma: Double) throws {
        var bytes = try ICCProfile.libvipsProfileBytes(named: "srgb")
        try ICCProfileBytes.replaceCurveTables(in: &bytes) { pow($0, gamma) }
        let profile = try #require(ICCProfile(bytes: bytes))

        #expect(profile.description == "sRGB")
        #expect(!profile.isSRGB)
    }

    /// Rewriting the tables with sRGB's own function keeps the profile sRGB, which shows that the
    /// previous test fails on the curve and not on the edit.
    @Test func recomputedSRGBCurveStillSRGB() throws {
        var bytes = try ICCProfile.libvipsProfileBytes(named: "srgb")
        try ICCProfileBytes.replaceCurveTables(in: &bytes, with: ICCProfileBytes.sRGBLinear)

        #expect(try #require(ICCProfile(bytes: bytes)).isSRGB)
    }

    /// Version 4 profiles usually store the sRGB curve as a `para` tag of function type 3.
    @Test func parametricSRGBCurveIsSRGB() throws {
        var bytes = try ICCProfile.libvipsProfileBytes(named: "srgb")
        let sRGB = [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045]
        try ICCProfileBytes.replaceCurves(in: &bytes, withParametricFunction: 3, parameters: sRGB)

        #expect(try #require(ICCProfile(bytes: bytes)).isSRGB)
    }

    @Test func parametricGamma22NotSRGB() throws {
        var bytes = try ICCProfile.libvipsProfileBytes(named: "srgb")
        try ICCProfileBytes.replaceCurves(in: &bytes, withParametricFunction: 0, parameters: [2.2])

        #expect(try !#require(ICCProfile(bytes: bytes)).isSRGB)
    }

    @Test func missingProfileNameThrows() {
        #expect(throws: ImagingError.self) {
            try ICCProfile.libvipsProfileBytes(named: "/nonexistent/profile.icc")
        }
    }
}
