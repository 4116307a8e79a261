import Foundation
import Synchronization

/// The executor that runs request handlers: a few threads of the server's own instead of
/// Swift's cooperative pool.
///
/// The cooperative pool has one thread per core. When code elsewhere in the process blocks
/// those threads (libvips decoding, a synchronous test, an fsync), handlers on the pool would
/// wait with them and a client of this server would time out. Handlers that await other
/// executors still hop there as usual.
final class HandlerExecutor: TaskExecutor {
    static let shared = HandlerExecutor(threadCount: 8)

    private let jobs = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    private init(threadCount: Int) {
        for index in 0..<threadCount {
            let thread = Thread { [self] in
                runJobs()
            }
            thread.name = "imgpipe.http-handler.\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    private func runJobs() {
        let executor = asUnownedTaskExecutor()
        while true {
            available.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job.runSynchronously(on: executor)
        }
    }
}
