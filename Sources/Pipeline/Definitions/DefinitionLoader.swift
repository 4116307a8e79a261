import Foundation
import YAML

/// Reads pipeline definition files: parses the YAML, fills in `${VAR}` references, and checks
/// every key and value against `StageCatalog`.
public enum DefinitionLoader {
    /// Reads, interpolates, parses and validates the file at `path`, resolved against
    /// `workingDirectory`, whose `.env` supplies variables the environment does not set.
    ///
    /// - Throws: `DefinitionErrors` with every problem found, in file order.
    public static func load(path: String, environment: [String: String], workingDirectory: String) throws -> PipelineDefinition {
        let absolute = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        let text: String
        do {
            text = try String(contentsOfFile: absolute, encoding: .utf8)
        } catch {
            throw DefinitionErrors([DefinitionError("cannot read the definition file: \(readFailure(error, path: absolute))",
                                                    at: SourcePosition(file: path, line: 1, column: 1))])
        }

        let dotEnv: [String: String]
        do {
            dotEnv = try DotEnv.load(directory: workingDirectory)
        } catch {
            let envPath = (workingDirectory as NSString).appendingPathComponent(".env")
            throw DefinitionErrors([DefinitionError("cannot read .env: \(readFailure(error, path: envPath))",
                                                    at: SourcePosition(file: envPath, line: 1, column: 1))])
        }
        return try load(text: text, path: path, environment: environment, dotEnv: dotEnv)
    }

    /// Interpolates, parses and validates `text`; `path` names the file in messages and in
    /// `sourcePath`. Variables come from `environment`, then `dotEnv`.
    ///
    /// - Throws: `DefinitionErrors` with every problem found, in file order.
    public static func load(text: String, path: String, environment: [String: String], dotEnv: [String: String] = [:]) throws -> PipelineDefinition {
        let source = SourceText(file: path, text: text)
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(text)
        } catch {
            throw DefinitionErrors([DefinitionError("invalid YAML: \(error.message)", at: source.position(error.mark))])
        }

        var errors: [DefinitionError] = []
        var failedValues = Set<SourcePosition>()
        let interpolator = Interpolator(environment: environment, dotEnv: dotEnv)
        let interpolated = root.map { interpolator.interpolate($0, source: source, errors: &errors, failed: &failedValues) }

        let decoder = DefinitionDecoder(source: source, home: Locations.home(environment))
        let parts = decoder.decode(interpolated)
        errors += decoder.errors.filter { !failedValues.contains($0.position) }

        guard errors.isEmpty, let parts else {
            throw DefinitionErrors(sorted(errors))
        }
        return PipelineDefinition(
            name: parts.name,
            description: parts.description,
            stages: parts.stages,
            shutdownTimeout: parts.shutdownTimeout ?? PipelineDefinition.defaultShutdownTimeout,
            recordedText: Redactor.redact(source, root: root),
            sourcePath: path
        )
    }

    /// Orders problems by position and drops exact repeats, such as two reports of one
    /// unset variable that a value uses twice.
    private static func sorted(_ errors: [DefinitionError]) -> [DefinitionError] {
        var seen = Set<DefinitionError>()
        let unique = errors.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { first, second in
            let a = first.element.position
            let b = second.element.position
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return first.offset < second.offset
        }.map(\.element)
    }

    private static func readFailure(_ error: Error, path: String) -> String {
        let cocoa = error as NSError
        if cocoa.domain == NSCocoaErrorDomain, cocoa.code == NSFileReadNoSuchFileError {
            return "no such file '\(path)'; check the path"
        }
        if let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return "\(String(cString: strerror(Int32(underlying.code)))) ('\(path)')"
        }
        return "\(cocoa.localizedDescription) ('\(path)')"
    }
}
