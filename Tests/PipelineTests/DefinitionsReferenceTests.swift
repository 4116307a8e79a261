import Foundation
import Testing
@testable import Pipeline

@Suite struct DefinitionsReferenceTests {
    @Test func referenceListsEveryOption() {
        let reference = StageCatalog.markdownReference()

        for stage in StageCatalog.stages {
            #expect(reference.contains("### `\(stage.type.rawValue)`"))
            for option in stage.options {
                #expect(reference.contains("| `\(option.name)` |"), "missing \(stage.type.rawValue).\(option.name)")
            }
        }
        for option in StageCatalog.sharedOptions + StageCatalog.retryOptions {
            #expect(reference.contains("| `\(option.name)` |"), "missing shared option \(option.name)")
        }
        for option in StageCatalog.pipelineOptions {
            #expect(reference.contains("| `\(option.name)` |"), "missing pipeline option \(option.name)")
        }
    }

    @Test func referenceRows() {
        let reference = StageCatalog.markdownReference()

        #expect(reference.contains("| `quality` | integer 1...100 | 85 | JPEG quality of re-encoded images. |"))
        #expect(reference.contains("| `after` | `keep` \\| `delete` \\| `{move: DIR}` | `keep` |"))
        #expect(reference.contains("| `url` | http(s) URL | required |"))
        #expect(reference.contains("| `rescan_every` | duration | 5m |"))
        #expect(reference.contains("| `max_delay` | duration | 5m |"))
        #expect(reference.contains("| `shutdown_timeout` | duration | 30s |"))
        #expect(reference.contains("Set at most one of `account` and `anonymous`."))
    }

    @Test func everyStageTypeDeclared() {
        #expect(StageCatalog.stages.map(\.type) == StageType.allCases)
    }

    @Test func helpTextForStage() {
        let help = StageCatalog.helpText(for: .notify)

        #expect(help.hasPrefix("notify: Sends a signed Standard Webhooks request"))
        #expect(help.contains("  url                Endpoint that receives the webhooks. (http(s) URL; required)"))
        #expect(help.contains("  wait               How long a finished run waits for pending deliveries. (duration; default 30s)"))
        #expect(help.contains("  concurrency"))
    }

    @Test(arguments: [
        ("{stem}-{index}", ["stem": "cat", "index": "3"], "cat-3"),
        ("plain", [:], "plain"),
        ("{width}x{height}", ["width": "10"], "10x"),
    ])
    func templateRendering(text: String, values: [String: String], expected: String) throws {
        #expect(try Template(text).render(values) == expected)
    }

    @Test(arguments: [("{size}", 0), ("a {stem", 2), ("{stem}{}", 6)])
    func templateProblems(text: String, offset: Int) {
        let problem = #expect(throws: Template.Problem.self) { try Template(text) }

        #expect(problem?.offset == offset)
    }

    @Test(arguments: [
        ("paht", "path"), ("recursiv", "recursive"), ("uplod", "upload"), ("stage", "stages"),
    ])
    func suggestions(word: String, expected: String) {
        let candidates = ["path", "recursive", "upload", "stages", "name"]

        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test func noSuggestionForUnrelatedWord() {
        #expect(Suggestion.closest(to: "banana", among: ["path", "include"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }
}

/// The README embeds the generated reference between two markers; this keeps the copy current.
@Suite struct DefinitionsReadmeTests {
    static let begin = "<!-- stage-reference:begin -->"
    static let end = "<!-- stage-reference:end -->"

    static var readme: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test(.enabled(if: readme?.contains(begin) == true, "README.md has no stage reference markers yet"))
    func readmeEmbedsReference() throws {
        let readme = try #require(Self.readme)
        let start = try #require(readme.range(of: Self.begin))
        let stop = try #require(readme.range(of: Self.end))
        let embedded = readme[start.upperBound..<stop.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)

        #expect(embedded == StageCatalog.markdownReference().trimmingCharacters(in: .whitespacesAndNewlines),
                "regenerate the README section with StageCatalog.markdownReference()")
    }
}
