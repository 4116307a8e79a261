import Foundation

/// The contents of `credentials.json`: one entry per account profile.
public struct CredentialsDocument: Codable, Sendable, Equatable {
    public var version = 1
    public var accounts: [String: StoredAccount] = [:]

    public init() {}

    /// Reads leniently: a missing `version` or `accounts` counts as the empty default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        accounts = try container.decodeIfPresent([String: StoredAccount].self, forKey: .accounts) ?? [:]
    }
}

/// Reads and atomically replaces `credentials.json`. A write goes to a temporary file with
/// mode 0600 in the same folder, is flushed with fsync and is then renamed over the old file.
/// A crash at any point therefore leaves either the old or the new file, never a mix.
public enum CredentialsFile {
    /// Reads the document; a missing file is an empty document.
    public static func read(at path: String) throws -> CredentialsDocument {
        guard FileManager.default.fileExists(atPath: path) else { return CredentialsDocument() }

        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CredentialsError("cannot read \(path): \(error.localizedDescription); check its permissions")
        }
        do {
            return try decoder.decode(CredentialsDocument.self, from: data)
        } catch {
            throw CredentialsError("\(path) is not a valid credentials file; move it aside and sign in again")
        }
    }

    /// Writes the document atomically with mode 0600. `beforeRename` runs after the temporary
    /// file is complete and synced; tests throw from it to simulate a crash at that point.
    public static func write(
        _ document: CredentialsDocument,
        to path: String,
        beforeRename: () throws -> Void = {}
    ) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let data = try encoder.encode(document)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        try writeSynced(data, to: temporary)
        do {
            try beforeRename()
            try check(rename(temporary, path), "replace \(path) with \(temporary)")
        } catch {
            unlink(temporary)
            throw error
        }
        syncFolder(folder)
    }

    private static func writeSynced(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try check(descriptor, "create \(path)")
        defer { close(descriptor) }

        do {
            // The mode passed to open is reduced by the umask, so set it explicitly.
            try check(fchmod(descriptor, 0o600), "set mode 0600 on \(path)")
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    try check(written < 0 ? -1 : 0, "write \(path)")
                    offset += written
                }
            }
            try check(fsync(descriptor), "fsync \(path)")
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Makes the rename durable; a failure here leaves a correct file, so it is ignored.
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func check(_ result: Int32, _ action: String) throws {
        guard result >= 0 else {
            throw CredentialsError("cannot \(action): \(String(cString: strerror(errno)))")
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// A problem with the credentials file or its lock; the message names the path and never a token.
public struct CredentialsError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
