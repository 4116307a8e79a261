/// Rules on the order of stages, which follow from what each stage needs from the ones before.
enum StageOrder {
    struct Problem {
        let message: String
        let position: SourcePosition
    }

    static func problems(_ stages: [(type: StageType, position: SourcePosition)]) -> [Problem] {
        var problems: [Problem] = []
        var seen: [StageType: SourcePosition] = [:]
        for stage in stages {
            if let first = seen[stage.type] {
                problems.append(Problem(message: "stage type '\(stage.type.rawValue)' appears twice (first at line \(first.line)); a pipeline runs each stage type once", position: stage.position))
            } else {
                seen[stage.type] = stage.position
            }
        }

        problems += firstStageProblems(stages)
        problems += dependencyProblems(stages.map(\.type), positions: stages.map(\.position))
        return problems
    }

    private static func firstStageProblems(_ stages: [(type: StageType, position: SourcePosition)]) -> [Problem] {
        guard let first = stages.first, first.type != .ingest else { return [] }
        let hint = stages.contains { $0.type == .ingest } ? "move the 'ingest' stage to the top" : "add an 'ingest' stage that reads the files"
        return [Problem(message: "the first stage must be 'ingest', found '\(first.type.rawValue)'; \(hint)", position: first.position)]
    }

    private static func dependencyProblems(_ types: [StageType], positions: [SourcePosition]) -> [Problem] {
        var problems: [Problem] = []
        let upload = types.firstIndex(of: .upload)

        if let upload, !types[..<upload].contains(.authenticate) {
            problems.append(Problem(message: "stage 'upload' needs an 'authenticate' stage before it", position: positions[upload]))
        }
        if let upload, let notify = types.firstIndex(of: .notify), notify < upload {
            problems.append(Problem(message: "stage 'notify' must come after 'upload', since it announces uploaded images", position: positions[notify]))
        }
        for type in [StageType.metadata, .resize] {
            if let upload, let index = types.firstIndex(of: type), index > upload {
                problems.append(Problem(message: "stage '\(type.rawValue)' must come before 'upload', which sends the prepared file", position: positions[index]))
            }
        }
        return problems
    }
}
