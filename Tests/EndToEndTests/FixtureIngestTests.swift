import Foundation
import Testing

/// The built binary reads every sample image's header; the broken ones fail on their own,
/// each with its reason, and the others go through.
@Suite("Sample images through ingest and metadata")
struct FixtureIngestTests {
    /// Files that cannot pass the metadata stage, with a phrase the reason must contain.
    static let expectedFailures: [String: String] = [
        "gen_empty.jpg": "empty",
        "gen_text_named.jpg": "not",
        "pngsuite_xs1n0g01.png": "not",
        "gen_bomb_50000x50000_declared.png": "max_input_pixels",
    ]

    @Test("broken files fail alone with their reason")
    func brokenFilesFailAlone() async throws {
        let folder = try RepositoryPaths.temporaryFolder("fixtures")
        defer { try? FileManager.default.removeItem(at: folder) }
        let definition = folder.appendingPathComponent("inspect.yaml")
        try """
        name: inspect-samples
        stages:
          - type: ingest
            path: \(RepositoryPaths.fixtures.appendingPathComponent("images").path)
          - type: metadata
        """.write(to: definition, atomically: true, encoding: .utf8)

        let result = try await BuiltBinary.run(
            ["run", definition.path, "--json", "--state-dir", folder.appendingPathComponent("state").path],
            environment: ProcessInfo.processInfo.environment
        )

        #expect(result.status == 1, "some items failed, so the exit code is 1; stderr: \(result.standardError)")
        let summary = try JSONDecoder().decode(FailureSummaryDocument.self, from: Data(result.standardOutput.utf8))
        let images = try manifestImages()
        #expect(summary.failed == Self.expectedFailures.count)
        #expect(summary.done == images.count - Self.expectedFailures.count)

        for (name, phrase) in Self.expectedFailures {
            let failure = try #require(summary.failures.first { $0.path.hasSuffix("/" + name) }, "\(name) should have failed")
            #expect(failure.stage == "metadata", "\(name) failed at \(failure.stage)")
            #expect(failure.error.contains(phrase), "\(name): \(failure.error)")
            #expect(failure.error.contains(name), "the reason names the file: \(failure.error)")
        }
    }

    /// The image files listed in the sample folder's manifest.
    private func manifestImages() throws -> [String] {
        let manifest = try String(contentsOf: RepositoryPaths.fixtures.appendingPathComponent("images/MANIFEST.tsv"), encoding: .utf8)
        return manifest.split(separator: "\n").dropFirst().compactMap { $0.split(separator: "\t").first.map(String.init) }
    }
}

/// The parts of the `run --json` summary that list failures.
struct FailureSummaryDocument: Decodable {
    let done: Int
    let failed: Int
    let failures: [Failure]

    struct Failure: Decodable {
        let item: String
        let path: String
        let stage: String
        let error: String
    }
}
