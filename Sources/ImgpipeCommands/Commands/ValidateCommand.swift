import Foundation
import Pipeline

/// `imgpipe validate FILE... [--json]`: checks definition files without running anything.
public struct ValidateCommand: Command {
    public let spec = CommandSpec(
        "validate",
        summary: "Check pipeline definition files and report every problem.",
        discussion: """
        Each problem is printed to stderr as FILE:LINE:COLUMN: message. Variables are filled \
        from the environment, then from .env in the working directory, as 'run' does.
        Exits with 0 when every file is valid, 2 otherwise.

        STAGE OPTIONS:

        """ + StageType.allCases.map(StageCatalog.helpText(for:)).joined(separator: "\n\n"),
        options: [
            .flag("json", help: "Print one JSON document with the result of each file on stdout."),
            .flag("print-reference", help: "Print the reference of every stage option as Markdown and exit."),
        ],
        positionals: [
            PositionalSpec("FILE", help: "Definition files to check.", required: false, repeatable: true),
        ]
    )

    public init() {}

    public func run(_ invocation: Invocation) async throws -> ExitCode {
        if invocation.arguments.flag("print-reference") {
            invocation.standardOutput.write(StageCatalog.markdownReference())
            return .success
        }
        let paths = invocation.arguments.positionalValues("FILE")
        guard !paths.isEmpty else {
            throw UsageError("no definition files given; pass one or more FILE arguments", command: spec.displayName)
        }
        let results = await Self.validate(paths, environment: invocation.environment, workingDirectory: invocation.workingDirectory)

        for error in results.flatMap(\.errors) {
            invocation.standardError.line(error.description)
        }
        for warning in results.flatMap(\.warnings) {
            invocation.standardError.line(warning)
        }
        if invocation.arguments.flag("json") {
            invocation.standardOutput.write(try Self.json(results))
        } else if !invocation.global.isQuiet {
            results.filter(\.isValid).forEach { invocation.standardOutput.line($0.summary) }
        }
        return results.allSatisfy(\.isValid) ? .success : .usage
    }

    /// The outcome of checking one file.
    struct FileResult: Sendable {
        let path: String
        let name: String?
        let stages: [StageType]
        let errors: [DefinitionError]

        var isValid: Bool {
            errors.isEmpty
        }

        /// Problems that do not make the file invalid. Without a resize stage the source bytes
        /// are uploaded as they are, with their EXIF, GPS, XMP and IPTC metadata.
        var warnings: [String] {
            guard stages.contains(.upload), !stages.contains(.resize) else { return [] }
            return ["\(path): warning: the pipeline has no resize stage, so files are uploaded as they are and "
                + "their metadata (EXIF with GPS position, camera serial numbers, XMP, IPTC) will reach Imgur; "
                + "add `- type: resize` before upload to strip it"]
        }

        var summary: String {
            "\(path): valid, pipeline '\(name ?? "")' with stages \(stages.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// Loads each file on a Dispatch queue, since reading files would block the cooperative pool.
    static func validate(_ paths: [String], environment: [String: String], workingDirectory: String) async -> [FileResult] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: paths.map { validate($0, environment: environment, workingDirectory: workingDirectory) })
            }
        }
    }

    private static func validate(_ path: String, environment: [String: String], workingDirectory: String) -> FileResult {
        do {
            let definition = try DefinitionLoader.load(path: path, environment: environment, workingDirectory: workingDirectory)
            return FileResult(path: path, name: definition.name, stages: definition.stages.map(\.type), errors: [])
        } catch let errors as DefinitionErrors {
            return FileResult(path: path, name: nil, stages: [], errors: errors.errors)
        } catch {
            let problem = DefinitionError("cannot check the file: \(error)", at: SourcePosition(file: path, line: 1, column: 1))
            return FileResult(path: path, name: nil, stages: [], errors: [problem])
        }
    }

    private struct Report: Encodable {
        struct File: Encodable {
            let path: String
            let valid: Bool
            let name: String?
            let stages: [String]?
            let errors: [Problem]
        }

        struct Problem: Encodable {
            let file: String
            let line: Int
            let column: Int
            let message: String
        }

        let valid: Bool
        let files: [File]
    }

    static func json(_ results: [FileResult]) throws -> String {
        let files = results.map { result in
            Report.File(
                path: result.path,
                valid: result.isValid,
                name: result.name,
                stages: result.isValid ? result.stages.map(\.rawValue) : nil,
                errors: result.errors.map { Report.Problem(file: $0.position.file, line: $0.position.line, column: $0.position.column, message: $0.message) }
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Report(valid: results.allSatisfy(\.isValid), files: files))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
