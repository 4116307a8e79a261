import Foundation
import Testing
@testable import Pipeline
import YAML

@Suite struct DefinitionsInterpolationTests {
    private func load(_ text: String, environment: [String: String] = [:], dotEnv: [String: String] = [:]) throws -> PipelineDefinition {
        try DefinitionLoader.load(text: text, path: "i.yaml", environment: environment, dotEnv: dotEnv)
    }

    private func problems(_ text: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try load(text, environment: environment)
            return []
        } catch let errors as DefinitionErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    private func ingest(path: String) -> String {
        "name: i\nstages:\n  - type: ingest\n    path: \(path)\n"
    }

    @Test(arguments: [
        ("${PHOTOS}", "/env/photos"),
        ("\"${PHOTOS}/sub\"", "/env/photos/sub"),
        ("${MISSING:-/fallback}", "/fallback"),
        ("${PHOTOS:-/fallback}", "/env/photos"),
        ("${EMPTY:-/fallback}", ""),
        ("/literal/$${PHOTOS}", "/literal/${PHOTOS}"),
        ("/cost/$5", "/cost/$5"),
    ])
    func valueInterpolation(written: String, expected: String) throws {
        let environment = ["PHOTOS": "/env/photos", "EMPTY": ""]
        let definition = try load(ingest(path: written), environment: environment)

        #expect(definition.stage(.ingest)?.options.string("path") == expected)
    }

    @Test func environmentWinsOverDotEnv() throws {
        let text = "name: i\nstages:\n  - type: ingest\n    path: ${A}/${B}\n"
        let definition = try load(text, environment: ["A": "env"], dotEnv: ["A": "dotenv", "B": "dotenv"])

        #expect(definition.stage(.ingest)?.options.string("path") == "env/dotenv")
    }

    @Test func interpolatedIntegerIsTyped() throws {
        let text = "name: i\nstages:\n  - type: ingest\n    path: /p\n    concurrency: ${WORKERS:-3}\n"
        let definition = try load(text)

        #expect(definition.stage(.ingest)?.concurrency == 3)
    }

    @Test func unsetVariableReportedAtReference() {
        let text = "name: i\nstages:\n  - type: ingest\n    path: /photos/${FOLDER}/${OTHER:-x}/${ALSO_MISSING}\n"

        #expect(problems(text) == [
            "i.yaml:4:19: environment variable 'FOLDER' is not set; set it, add it to .env, or write ${FOLDER:-default}",
            "i.yaml:4:41: environment variable 'ALSO_MISSING' is not set; set it, add it to .env, or write ${ALSO_MISSING:-default}",
        ])
    }

    @Test func unsetVariableHidesFollowUpError() {
        let text = "name: i\nstages:\n  - type: ingest\n    path: /p\n  - type: authenticate\n  - type: upload\n  - type: notify\n    url: ${WEBHOOK_URL}\n    secret: ${WEBHOOK_SECRET}\n"

        #expect(problems(text) == [
            "i.yaml:8:10: environment variable 'WEBHOOK_URL' is not set; set it, add it to .env, or write ${WEBHOOK_URL:-default}",
            "i.yaml:9:13: environment variable 'WEBHOOK_SECRET' is not set; set it, add it to .env, or write ${WEBHOOK_SECRET:-default}",
        ])
    }

    @Test func malformedReferences() {
        #expect(problems(ingest(path: "/a/${1X}")) == [
            "i.yaml:4:14: invalid variable name '1X' in '${1X}'; use letters, digits and '_'",
        ])
        #expect(problems(ingest(path: "/a/${OPEN")) == [
            "i.yaml:4:14: '${' is not closed by '}'; write '$${' for a literal '${'",
        ])
    }

    @Test func keysAreNotInterpolated() {
        let text = "name: i\nstages:\n  - type: ingest\n    ${KEY}: /p\n"

        let reported = problems(text, environment: ["KEY": "path"])

        #expect(reported.contains("i.yaml:4:5: unknown option '${KEY}' for stage 'ingest'"))
        #expect(reported.contains("i.yaml:3:5: stage 'ingest' is missing required option 'path' (path)"))
    }

    @Test func recordedTextRedactsLiteralSecrets() throws {
        let text = """
        name: r
        stages:
          - type: ingest
            path: ${PHOTOS}
          - type: authenticate
          - type: upload
          - type: notify
            url: http://127.0.0.1:9/hook
            secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
        extra:
          token: "abc"
          password: ${PASSWORD}
          Secret: ${A:-literal}
        """
        let redacted = Redactor.redact(SourceText(file: "r.yaml", text: text), root: try YAMLParser.parse(text))

        #expect(redacted.contains("    secret: [redacted]\n"))
        #expect(redacted.contains("  token: [redacted]\n"))
        #expect(redacted.contains("  password: ${PASSWORD}\n"))
        #expect(redacted.hasSuffix("  Secret: [redacted]"))
        #expect(redacted.contains("    path: ${PHOTOS}\n"))
        #expect(!redacted.contains("MfKQ9r8"))
        #expect(!redacted.contains("abc"))
    }

    @Test func recordedTextOfLoadedDefinition() throws {
        let text = """
        # comment kept
        name: r
        stages:
          - type: ingest
            path: /p
          - type: authenticate
          - type: upload
          - type: notify
            url: http://127.0.0.1:9/hook
            secret: |
              whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
            wait: 1s
        """
        let definition = try load(text)

        #expect(definition.recordedText == """
        # comment kept
        name: r
        stages:
          - type: ingest
            path: /p
          - type: authenticate
          - type: upload
          - type: notify
            url: http://127.0.0.1:9/hook
            secret: [redacted]
            wait: 1s
        """)
    }
}

@Suite struct DefinitionsDotEnvTests {
    @Test func parsesForms() {
        let text = """
        # a comment
        PLAIN=value
        export EXPORTED=yes
        SPACED = padded value  # trailing comment
        SINGLE='it''s $literal # kept'
        DOUBLE="line\\nbreak \\"quoted\\" # kept"
        EMPTY=
        not a pair
        1BAD=x
        URL=http://example.com/a#b
        """
        let values = DotEnv.parse(text)

        #expect(values["PLAIN"] == "value")
        #expect(values["EXPORTED"] == "yes")
        #expect(values["SPACED"] == "padded value")
        #expect(values["SINGLE"] == "it")
        #expect(values["DOUBLE"] == "line\nbreak \"quoted\" # kept")
        #expect(values["EMPTY"] == "")
        #expect(values["1BAD"] == nil)
        #expect(values["URL"] == "http://example.com/a#b")
        #expect(values.count == 7)
    }

    @Test func loadReadsDotEnvInWorkingDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-dotenv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        try "PHOTOS=/from/dotenv\nOTHER=/dotenv\n".write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "name: d\nstages:\n  - type: ingest\n    path: ${PHOTOS}${SUFFIX:-}\n".write(
            to: directory.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)

        let fromDotEnv = try DefinitionLoader.load(path: "d.yaml", environment: [:], workingDirectory: directory.path)
        let fromEnvironment = try DefinitionLoader.load(path: "d.yaml", environment: ["PHOTOS": "/env"], workingDirectory: directory.path)

        #expect(fromDotEnv.stage(.ingest)?.options.string("path") == "/from/dotenv")
        #expect(fromEnvironment.stage(.ingest)?.options.string("path") == "/env")
        #expect(fromDotEnv.sourcePath == "d.yaml")
    }

    @Test func missingFileReported() {
        let errors = #expect(throws: DefinitionErrors.self) {
            try DefinitionLoader.load(path: "absent.yaml", environment: [:], workingDirectory: "/nonexistent-imgpipe-dir")
        }

        #expect(errors?.errors.first?.description == "absent.yaml:1:1: cannot read the definition file: no such file '/nonexistent-imgpipe-dir/absent.yaml'; check the path")
    }
}

@Suite struct DefinitionsLocationsTests {
    @Test func flagWins() {
        let locations = Locations(
            environment: ["HOME": "/h", "IMGPIPE_CONFIG_DIR": "/c", "IMGPIPE_STATE_DIR": "/s"],
            configDirectoryFlag: "~/flag-config",
            stateDirectoryFlag: "/flag-state"
        )

        #expect(locations.configDirectory == "/h/flag-config")
        #expect(locations.stateDirectory == "/flag-state")
        #expect(locations.eventLogPath == "/flag-state/events.sqlite")
    }

    @Test func ownVariableThenXDG() {
        let own = Locations(environment: ["HOME": "/h", "IMGPIPE_CONFIG_DIR": "/c", "XDG_CONFIG_HOME": "/x", "IMGPIPE_STATE_DIR": "/s"])
        let xdg = Locations(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "/xc", "XDG_STATE_HOME": "/xs", "IMGPIPE_STATE_DIR": ""])

        #expect(own.configDirectory == "/c")
        #expect(own.stateDirectory == "/s")
        #expect(xdg.configDirectory == "/xc/imgpipe")
        #expect(xdg.stateDirectory == "/xs/imgpipe")
    }

    @Test func homeFallback() {
        let locations = Locations(environment: ["HOME": "/h"])

        #expect(locations.configDirectory == "/h/.config/imgpipe")
        #expect(locations.stateDirectory == "/h/.local/state/imgpipe")
        #expect(locations.credentialsPath == "/h/.config/imgpipe/credentials.json")
    }
}
