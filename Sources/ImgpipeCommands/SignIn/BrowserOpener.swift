import Foundation

/// Opens a URL in the desktop's browser with `xdg-open`, when there is a desktop session.
enum BrowserOpener {
    /// Starts `xdg-open URL` when `DISPLAY` or `WAYLAND_DISPLAY` is set and `xdg-open` is on
    /// `PATH`; returns whether it started. The caller prints the URL either way, because a
    /// started opener does not prove that a browser appeared.
    static func open(_ url: URL, environment: [String: String]) -> Bool {
        let hasDisplay = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
        guard hasDisplay, let opener = executable(named: "xdg-open", path: environment["PATH"]) else { return false }

        let process = Process()
        process.executableURL = opener
        process.arguments = [url.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            return true
        } catch {
            return false
        }
    }

    static func executable(named name: String, path: String?) -> URL? {
        for folder in (path ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }
}
