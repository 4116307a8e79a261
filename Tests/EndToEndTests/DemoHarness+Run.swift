import Foundation

extension DemoHarness {
    /// Runs `pipelines/demo.yaml` with the built binary over the harness's images and returns
    /// the run's events and the sandbox's uploads. Throws when the run exits with a status
    /// other than 0, with its standard error in the message.
    func runDemoPipeline() async throws -> RunRecord {
        let result = try await BuiltBinary.run(
            ["run", "pipelines/demo.yaml", "--json", "--state-dir", stateDirectory.path],
            environment: environment()
        )
        guard result.status == 0 else {
            throw HarnessError("imgpipe run failed with \(result.status): \(result.standardError)")
        }

        let summary = try JSONDecoder().decode(SummaryDocument.self, from: Data(result.standardOutput.utf8))
        return try await RunRecord(events: events(of: summary.runID), sandbox: sandbox)
    }
}
