import Foundation
import Pipeline

/// Stands in for a stage with remote effects during `run --dry-run`: it records what the
/// stage would do and changes nothing outside this machine.
struct PlannedStage: PipelineStage {
    let type: StageType
    let definition: StageDefinition
    var receivesFailedItems: Bool { type == .notify }

    func process(_ item: Item, in run: RunContext) async throws -> StageOutcome {
        var next = item
        var output: [String: JSONValue] = ["dry_run": .bool(true)]

        switch type {
        case .authenticate:
            let account = AuthenticateStage.account(of: definition, environment: run.environment)
            next.account = account
            output["account"] = .string(account.description)
        case .upload:
            let title = TitleTemplate(text: definition.options.string("title") ?? "{stem}").render(item, runID: run.runID)
            let prepared = item.prepared.map { " as a \($0.width)x\($0.height) \($0.format)" } ?? ""
            output["would"] = .string("upload \(item.sourcePath)\(prepared) titled '\(title)' to account \(item.account?.description ?? "default")")
            output["title"] = .string(title)
        case .notify:
            let event = item.failure == nil ? "image.uploaded" : "image.failed"
            output["would"] = .string("send \(event) to \(definition.options.string("url") ?? "")")
        default:
            break
        }
        return .next(next, output: output)
    }
}
