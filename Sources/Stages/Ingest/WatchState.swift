import Foundation

/// The files a watch has seen: those waiting to settle and those already taken.
struct WatchState {
    /// A file's size and modification time, which change while it is being written.
    struct Signature: Equatable {
        let size: Int64
        let modified: timespec

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            size = Int64(info.st_size)
            modified = info.st_mtim
        }

        static func == (lhs: Signature, rhs: Signature) -> Bool {
            lhs.size == rhs.size && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        }
    }

    private struct Waiting {
        var signature: Signature
        var since: ContinuousClock.Instant
    }

    private var waiting: [String: Waiting] = [:]
    private var taken: [String: Signature] = [:]
    var reportedProblems: Set<String> = []
    var lastScan = ContinuousClock.now

    /// Starts the settle clock of `path`, unless it was taken unchanged already or is waiting
    /// with the same signature.
    mutating func notice(_ path: String) {
        guard let signature = Signature(path: path), taken[path] != signature else { return }
        if waiting[path]?.signature == signature { return }
        waiting[path] = Waiting(signature: signature, since: .now)
    }

    /// Drops taken files that are gone (moved or deleted after upload), so that the record
    /// grows with the folder rather than with every file ever taken.
    mutating func forgetTaken(except present: Set<String>) {
        taken = taken.filter { present.contains($0.key) }
    }

    /// The files whose signature held for `stableFor`, in path order, marked taken; files that
    /// changed restart their clock and files that vanished are forgotten.
    mutating func settled(after stableFor: Duration) -> [(path: String, size: Int64)] {
        let now = ContinuousClock.now
        var ready: [(path: String, size: Int64)] = []
        for (path, entry) in waiting {
            guard let signature = Signature(path: path) else {
                waiting[path] = nil
                continue
            }
            if signature != entry.signature {
                waiting[path] = Waiting(signature: signature, since: now)
            } else if now - entry.since >= stableFor {
                waiting[path] = nil
                taken[path] = signature
                ready.append((path, signature.size))
            }
        }
        return ready.sorted { $0.path < $1.path }
    }
}
