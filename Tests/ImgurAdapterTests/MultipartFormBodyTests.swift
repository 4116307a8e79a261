import Foundation
@testable import ImgurAdapter
import Testing

@Suite struct MultipartFormBodyTests {
    /// Replaces the random boundary with a fixed one, so two encodings of the same form compare.
    private func withFixedBoundary(_ body: Data, contentType: String) throws -> String {
        let boundary = try #require(contentType.components(separatedBy: "boundary=").last)
        return String(decoding: body, as: UTF8.self).replacingOccurrences(of: boundary, with: "BOUNDARY")
    }

    @Test func inMemoryMatchesTemporaryFile() throws {
        let image = imageFixture("pngsuite_basn6a08.png")
        let fields = [(name: "type", value: "file"), (name: "title", value: "Tür \"1\"")]
        let folder = try temporaryFile(named: "marker", contents: Data()).deletingLastPathComponent()

        let memory = try MultipartFormBody.make(fields: fields, fileField: "image", file: image)
        let file = try MultipartFormFile.write(fields: fields, fileField: "image", file: image, directory: folder)
        defer { file.remove() }

        let fromMemory = try withFixedBoundary(memory.data, contentType: memory.contentType)
        let fromFile = try withFixedBoundary(try Data(contentsOf: file.url), contentType: file.contentType)
        #expect(fromMemory == fromFile)
        #expect(memory.data.count > (try Data(contentsOf: image)).count)
    }

    @Test func missingFileThrows() {
        #expect(throws: (any Error).self) {
            _ = try MultipartFormBody.make(fields: [], fileField: "image", file: URL(fileURLWithPath: "/nonexistent/file.png"))
        }
    }
}
