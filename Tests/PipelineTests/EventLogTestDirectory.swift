import Foundation

/// A fresh folder for one event log test, removed when the value is released.
final class EventLogTestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("EventLogTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `events.sqlite` in a subfolder that does not exist yet, so that `open`
    /// has to create it.
    var logPath: String {
        url.appendingPathComponent("state/events.sqlite").path
    }
}
