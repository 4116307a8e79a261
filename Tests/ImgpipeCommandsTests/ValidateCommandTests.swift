import Foundation
import Pipeline
import Testing
@testable import ImgpipeCommands

private let exampleEnvironment = [
    "HOME": "/home/tester",
    "IMGPIPE_DEMO_IMAGES": "/tmp/demo-images",
    "WEBHOOK_URL": "http://127.0.0.1:9/hook",
    "WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "IMGPIPE_UPLOAD_FOLDER": "/tmp/upload",
    "HOLIDAY_WEBHOOK_URL": "https://example.com/hooks",
    "HOLIDAY_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
]

private let examples = ["pipelines/demo.yaml", "pipelines/upload-folder.yaml", "pipelines/holiday-photos.yaml"]

/// A temporary directory for definition files, removed when the test ends.
private struct TemporaryFolder: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("imgpipe-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

@Suite struct ValidateCommandTests {
    @Test func examplesAreValid() async {
        let outcome = await runImgpipe(["validate"] + examples, environment: exampleEnvironment)

        #expect(outcome.code == 0)
        #expect(outcome.standardError.isEmpty)
        #expect(outcome.standardOutput.contains("pipelines/demo.yaml: valid, pipeline 'demo' with stages ingest, metadata, resize, authenticate, upload, notify\n"))
        #expect(outcome.standardOutput.contains("pipelines/upload-folder.yaml: valid, pipeline 'upload-folder'"))
        #expect(outcome.standardOutput.contains("pipelines/holiday-photos.yaml: valid, pipeline 'holiday-photos'"))
    }

    @Test func quietPrintsNothingWhenValid() async {
        let outcome = await runImgpipe(["validate", "-q", "pipelines/demo.yaml"], environment: exampleEnvironment)

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func unsetVariablesFailExamples() async {
        let outcome = await runImgpipe(["validate", "pipelines/demo.yaml"])

        #expect(outcome.code == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError == """
        pipelines/demo.yaml:8:11: environment variable 'IMGPIPE_DEMO_IMAGES' is not set; set it, add it to .env, or write ${IMGPIPE_DEMO_IMAGES:-default}
        pipelines/demo.yaml:22:10: environment variable 'WEBHOOK_URL' is not set; set it, add it to .env, or write ${WEBHOOK_URL:-default}
        pipelines/demo.yaml:23:13: environment variable 'WEBHOOK_SECRET' is not set; set it, add it to .env, or write ${WEBHOOK_SECRET:-default}

        """)
    }

    @Test func missingResizeWarns() async throws {
        let folder = try TemporaryFolder()
        let definition = "name: raw\nstages:\n  - type: ingest\n    path: /tmp\n  - type: authenticate\n  - type: upload\n"
        try folder.write("raw.yaml", definition)
        let path = folder.url.appendingPathComponent("raw.yaml").path

        let outcome = await runImgpipe(["validate", path], environment: exampleEnvironment)

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput.contains("valid, pipeline 'raw'"))
        #expect(outcome.standardError.contains("\(path): warning: the pipeline has no resize stage"))
        #expect(outcome.standardError.contains("GPS"))
    }

    @Test func jsonReportsEveryFile() async throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.yaml", "name: bad\nstages:\n  - type: resize\n    qualty: 5\n")
        let badPath = folder.url.appendingPathComponent("bad.yaml").path

        let outcome = await runImgpipe(["validate", "--json", "pipelines/demo.yaml", badPath], environment: exampleEnvironment)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])

        #expect(outcome.code == 2)
        #expect(document["valid"] as? Bool == false)
        #expect(files.count == 2)
        #expect(files[0]["valid"] as? Bool == true)
        #expect(files[0]["name"] as? String == "demo")
        #expect(files[1]["valid"] as? Bool == false)

        let errors = try #require(files[1]["errors"] as? [[String: Any]])
        #expect(errors.count == 2)
        #expect(errors.first?["line"] as? Int == 3)
        #expect(errors.first?["message"] as? String == "the first stage must be 'ingest', found 'resize'; add an 'ingest' stage that reads the files")
        #expect(errors.last?["message"] as? String == "unknown option 'qualty' for stage 'resize'; did you mean 'quality'?")
        #expect(outcome.standardError.contains("\(badPath):4:5: unknown option 'qualty'"))
    }

    @Test func dotEnvInWorkingDirectoryIsUsed() async throws {
        let folder = try TemporaryFolder()
        try folder.write(".env", "PHOTOS=/from/dotenv\n")
        try folder.write("p.yaml", "name: p\nstages:\n  - type: ingest\n    path: ${PHOTOS}\n")

        let outcome = await runImgpipe(["validate", "p.yaml"], workingDirectory: folder.url.path)

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput == "p.yaml: valid, pipeline 'p' with stages ingest\n")
    }

    @Test func missingFileIsDefinitionError() async {
        let outcome = await runImgpipe(["validate", "pipelines/absent.yaml"])

        #expect(outcome.code == 2)
        #expect(outcome.standardError.hasPrefix("pipelines/absent.yaml:1:1: cannot read the definition file: no such file"))
    }

    @Test func helpListsStageOptions() async {
        let outcome = await runImgpipe(["validate", "--help"])

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput.contains("STAGE OPTIONS:"))
        #expect(outcome.standardOutput.contains("resize: Prepares each image for upload"))
        #expect(outcome.standardOutput.contains("  max_width "))
        #expect(outcome.standardOutput.contains("  stable_for "))
    }

    @Test func fileArgumentRequired() async {
        let outcome = await runImgpipe(["validate"])

        #expect(outcome.code == 2)
        #expect(outcome.standardError.hasPrefix("imgpipe: error: no definition files given"))
    }

    @Test func printReferenceMatchesCatalog() async {
        let outcome = await runImgpipe(["validate", "--print-reference"])

        #expect(outcome.code == 0)
        #expect(outcome.standardOutput == StageCatalog.markdownReference())
    }
}
