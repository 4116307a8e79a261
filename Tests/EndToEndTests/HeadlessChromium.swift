import Dispatch
import Foundation

/// Debian's `chromium`, run headless by a test to follow a sign-in like a user's browser.
enum HeadlessChromium {
    /// The `chromium` executable on `PATH`, nil when it is not installed.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("chromium") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Opens `url`, lets its pages' scripts and redirects run for up to 10 s of virtual time,
    /// and returns the final page's DOM. `--no-sandbox` is needed when the tests run as root.
    static func dumpDOM(of url: URL, profile: URL) async throws -> String {
        guard let executable else { throw HarnessError("chromium is not on PATH") }
        // Chromium's helper processes can outlive it. Started through a shell that first
        // closes every inherited descriptor above stderr, they cannot hold open the pipes of
        // other tests' children, which would delay those pipes' end-of-file.
        let closeInherited = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; exec "$@""#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c", closeInherited, "bash", executable.path,
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-breakpad",
            "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000", "--dump-dom", url.absoluteString,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let collected = PipeCollector(output)

        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return await collected.finish()
    }
}
