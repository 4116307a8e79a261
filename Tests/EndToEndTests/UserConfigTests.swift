import Foundation
import ImgurSandbox
import Testing

/// `config.yaml` in the config directory fills in settings below the environment.
@Suite struct UserConfigTests {
    @Test func configFileSuppliesAPIURL() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }
        var environment = harness.environment()
        let configFolder = URL(fileURLWithPath: environment["IMGPIPE_CONFIG_DIR"]!)
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try "api_url: \(harness.sandbox.baseURL.absoluteString)\nclient_id: \(environment["IMGUR_CLIENT_ID"]!)\n"
            .write(to: configFolder.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        environment["IMGUR_API_URL"] = nil
        environment["IMGUR_CLIENT_ID"] = nil

        let fromFile = try await BuiltBinary.run(["whoami"], environment: environment)
        #expect(fromFile.status == 0, "\(fromFile.standardError)")
        #expect(fromFile.standardOutput.contains("sandbox_user"))

        // The environment wins over the file: an unreachable URL there must be used.
        environment["IMGUR_API_URL"] = "http://127.0.0.1:9"
        let fromEnvironment = try await BuiltBinary.run(["whoami"], environment: environment)
        #expect(fromEnvironment.status == 5, "\(fromEnvironment.standardError)")
    }

    @Test func unknownSettingIsUsageError() async throws {
        let harness = try DemoHarness()
        defer { harness.stop() }
        let environment = harness.environment()
        let configFolder = URL(fileURLWithPath: environment["IMGPIPE_CONFIG_DIR"]!)
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try "client_secret_typo: x\n".write(to: configFolder.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)

        let result = try await BuiltBinary.run(["whoami"], environment: environment)

        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown setting 'client_secret_typo'"))
    }
}
