import Foundation
@testable import Imaging
import TestFixtures
import Testing

/// libvips keeps one error buffer per process, so failures decoded in parallel must still each
/// report their own text.
@Suite final class VipsCallTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vips-call-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Half of the WebP sample, whose header libvips cannot parse.
    private func halfWebP() throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.image("pillow_hopper.webp")))
        let path = directory.appendingPathComponent("half.webp").path
        try bytes.prefix(1800).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `work`, which must fail, and returns the libvips text of its failure.
    private static func failureText(_ work: () throws -> Void) -> String {
        do {
            try work()
            return "(no failure)"
        } catch let error as ImagingError {
            return error.vipsMessage ?? "(no libvips text)"
        } catch {
            return "(unexpected \(error))"
        }
    }

    @Test func concurrentFailuresKeepOwnText() async throws {
        let webp = try halfWebP()
        let jpeg = Fixtures.image("pillow_truncated_jpeg.jpg")
        let jpegHeader = try ImageInspector.readHeader(at: jpeg)
        let cases: [(path: String, expected: String, other: String, fail: @Sendable () throws -> Void)] = [
            (webp, "webp:", "VipsJpeg", { _ = try ImageInspector.readHeader(at: webp) }),
            (jpeg, "VipsJpeg:", "webp", { try StrictDecoder.check(jpeg, header: jpegHeader) }),
        ]

        let results = try await withThrowingTaskGroup(of: [(String, String)].self) { group in
            for worker in 0..<8 {
                let item = cases[worker % cases.count]
                group.addTask {
                    try await Imaging.runBlocking {
                        (0..<25).map { _ in (item.path, Self.failureText(item.fail)) }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }

        #expect(results.count == 200)
        for item in cases {
            let texts = results.filter { $0.0 == item.path }.map(\.1)
            let wrong = texts.filter { !$0.contains(item.expected) || $0.contains(item.other) }
            #expect(wrong.isEmpty, "\(wrong.count) of \(texts.count) failures of \(item.path) report: \(Set(wrong))")
        }
    }
}
