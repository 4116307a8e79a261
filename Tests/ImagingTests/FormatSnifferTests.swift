import Foundation
@testable import Imaging
import TestFixtures
import Testing

private let tiffLittleEndian: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00]
private let tiffBigEndian: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x08]
private let bitmap: [UInt8] = Array("BM".utf8) + [UInt8](repeating: 0, count: 30)
private let avifBox: [UInt8] = [0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("mif1".utf8)
private let heifBox: [UInt8] = [0, 0, 0, 0x18] + Array("ftypmif1".utf8) + [0, 0, 0, 0] + Array("heic".utf8)
private let mp4Box: [UInt8] = [0, 0, 0, 0x18] + Array("ftypmp42".utf8) + [0, 0, 0, 0] + Array("isom".utf8)

private let signatureCases: [([UInt8], ImageFormat)] = [
    (tiffLittleEndian, .tiff),
    (tiffBigEndian, .tiff),
    (bitmap, .bmp),
    (avifBox, .avif),
    (heifBox, .heif),
    (mp4Box, .unknown),
    (Array("GIF87a".utf8), .gif),
    ([0xFF, 0xD8], .unknown),
]

private let videoCases: [([UInt8], VideoContainer?)] = [
    (mp4Box, .mp4),
    ([0, 0, 0, 0x14] + Array("ftypqt  ".utf8) + [0, 0, 0, 0] + Array("qt  ".utf8), .quicktime),
    ([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84] + Array("webm".utf8), .webm),
    ([0x1A, 0x45, 0xDF, 0xA3, 0xA3, 0x42, 0x82, 0x88] + Array("matroska".utf8), .matroska),
    (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("AVI LIST".utf8), .avi),
    (heifBox, nil),
    (avifBox, nil),
    (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), nil),
    (Array("GIF89a".utf8), nil),
]

@Suite struct FormatSnifferTests {
    @Test("sniffs video containers", arguments: videoCases)
    func sniffsVideoContainers(bytes: [UInt8], expected: VideoContainer?) {
        #expect(VideoContainer.container(of: bytes) == expected)
    }

    @Test("sniffs fixtures by content", arguments: [
        ("exif_orient1_Landscape_1.jpg", ImageFormat.jpeg),
        ("pngsuite_basn3p08.png", .png),
        ("pillow_iss634.gif", .gif),
        ("pillow_hopper.webp", .webp),
        ("pillow_hopper.heic", .heif),
        ("gen_text_named.jpg", .unknown),
        ("gen_empty.jpg", .unknown),
        ("pngsuite_xs1n0g01.png", .unknown),
    ])
    func sniffsFixtures(fileName: String, expected: ImageFormat) throws {
        #expect(try FormatSniffer.sniff(fileAt: Fixtures.image(fileName)) == expected)
    }

    @Test("sniffs signatures", arguments: signatureCases)
    func sniffsSignatures(bytes: [UInt8], expected: ImageFormat) {
        #expect(FormatSniffer.format(of: bytes) == expected)
    }

    @Test func ignoresExtension() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sniff-\(UUID().uuidString).jpg").path
        try FileManager.default.copyItem(atPath: Fixtures.image("pngsuite_basn3p08.png"), toPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        #expect(try FormatSniffer.sniff(fileAt: path) == .png)
    }
}
