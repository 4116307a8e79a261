import Foundation
import Pipeline
import Synchronization

/// Watches a folder tree with inotify on a thread of its own, because `read` on the inotify
/// descriptor blocks and must stay off the cooperative pool.
///
/// Reports paths that were closed after writing or moved in, and `overflow` when the kernel
/// dropped events, after which the caller rescans. inotify watches are not recursive, so every
/// folder gets its own watch, and folders that appear later are watched as they arrive.
final class FolderEvents: Sendable {
    enum Event: Sendable {
        case arrived(String)
        /// A folder appeared; files already inside it raised no event for this watch.
        case folderArrived(String)
        case overflow
    }

    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let descriptor: Int32
    private let watchedFolders = Mutex<[Int32: String]>([:])
    private let stopped = Atomic<Bool>(false)
    private let recursive: Bool

    private static let fileMask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)

    /// Starts watching `root` (and its subfolders when `recursive`); throws when inotify is
    /// unavailable or the folder cannot be watched.
    init(root: String, recursive: Bool) throws {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw StageError("cannot start watching '\(root)': inotify_init1 failed (\(String(cString: strerror(errno)))); raise fs.inotify.max_user_instances or turn off `watch`")
        }
        self.descriptor = descriptor
        self.recursive = recursive
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        try watchTree(root)
        let thread = Thread { [self] in readLoop() }
        thread.name = "imgpipe.inotify"
        thread.start()
    }

    /// Ends the reading thread within its poll interval and finishes `events`.
    func stop() {
        stopped.store(true, ordering: .releasing)
    }

    /// Adds a watch to `folder` and, when recursive, to every folder below it.
    private func watchTree(_ folder: String) throws {
        let id = inotify_add_watch(descriptor, folder, Self.fileMask)
        guard id >= 0 else {
            throw StageError("cannot watch '\(folder)': \(String(cString: strerror(errno))); raise fs.inotify.max_user_watches or turn off `watch`")
        }
        watchedFolders.withLock { $0[id] = folder }
        guard recursive else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            if FileIdentity(path: path)?.isDirectory == true {
                try? watchTree(path)
            }
        }
    }

    private func readLoop() {
        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8)
        defer {
            buffer.deallocate()
            close(descriptor)
            continuation.finish()
        }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while !stopped.load(ordering: .acquiring) {
            // A short poll lets `stop()` take effect without a second descriptor to wake on.
            let ready = poll(&poller, 1, 200)
            if ready < 0 && errno != EINTR { return }
            guard ready > 0 else { continue }
            let count = read(descriptor, buffer, bufferSize)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            receive(UnsafeRawBufferPointer(start: buffer, count: count))
        }
    }

    /// Handles the records of one `read` from the inotify descriptor. Tests also call it with
    /// records they build, such as a queue overflow, because they cannot make the kernel send one.
    func receive(_ records: UnsafeRawBufferPointer) {
        for (header, name) in Self.decode(records) {
            handle(header, name: name)
        }
    }

    /// Splits raw records into headers and names: Swift does not import the flexible `name`
    /// member of `inotify_event`, so the name is read from the bytes after the fixed header,
    /// where the kernel pads it with NUL bytes to `len`.
    static func decode(_ records: UnsafeRawBufferPointer) -> [(header: inotify_event, name: String)] {
        let headerSize = MemoryLayout<inotify_event>.size
        var decoded: [(header: inotify_event, name: String)] = []
        var offset = 0
        while offset + headerSize <= records.count {
            let header = records.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let nameBytes = records[(offset + headerSize)..<min(offset + headerSize + Int(header.len), records.count)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += headerSize + Int(header.len)
            decoded.append((header, name))
        }
        return decoded
    }

    private func handle(_ header: inotify_event, name: String) {
        if header.mask & UInt32(IN_Q_OVERFLOW) != 0 {
            continuation.yield(.overflow)
            return
        }
        guard !name.isEmpty, let folder = watchedFolders.withLock({ $0[header.wd] }) else { return }
        let path = folder + "/" + name
        let isFolder = header.mask & UInt32(IN_ISDIR) != 0
        if isFolder {
            guard recursive, header.mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, !name.hasPrefix(".") else { return }
            try? watchTree(path)
            continuation.yield(.folderArrived(path))
            return
        }
        // IN_CREATE of a file only matters for folders; a file counts once it is written or moved in.
        guard header.mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) != 0 else { return }
        continuation.yield(.arrived(path))
    }
}
