import Foundation
import ImgurAdapter
import Testing
@testable import Stages

@Suite struct RateLimitGateTests {
    let now = Date(timeIntervalSince1970: 2_000_000_000)

    func rateLimited(_ detail: String, retryAfter: Duration? = nil, scope: ImgurRateLimitScope? = nil) -> ImgurError {
        ImgurError(kind: .rateLimited, status: 429, detail: detail, retryAfter: retryAfter, scope: scope, request: "POST /3/image")
    }

    @Test(arguments: [
        ("Please wait 37 more minutes.", 37 * 60),
        ("You are uploading too fast. Please wait 2 more hours.", 7200),
        ("please wait 1 more second", 1),
    ])
    func waitReadFromMessage(message: String, seconds: Int) {
        #expect(RateLimitGate.waitNamed(in: message) == .seconds(seconds))
    }

    @Test func headerResetWinsOverMessage() {
        let gate = RateLimitGate()
        let pause = gate.recordRateLimited(rateLimited("Please wait 37 more minutes.", retryAfter: .seconds(90)), now: now)
        #expect(pause.until == now.addingTimeInterval(90))
    }

    @Test func unknownWaitStartsAtOneMinuteAndDoubles() {
        let gate = RateLimitGate()
        let first = gate.recordRateLimited(rateLimited("Too Many Requests"), now: now)
        let second = gate.recordRateLimited(rateLimited("Too Many Requests"), now: now)
        #expect(first.until == now.addingTimeInterval(60))
        #expect(second.until == now.addingTimeInterval(120))
    }

    @Test func successResetsBackoff() {
        let gate = RateLimitGate()
        gate.recordRateLimited(rateLimited("Too Many Requests"), now: now)
        gate.recordSuccess(nil, now: now)
        let later = now.addingTimeInterval(3600)
        #expect(gate.recordRateLimited(rateLimited("Too Many Requests"), now: later).until == later.addingTimeInterval(60))
    }

    @Test func budgetBelowReservePauses() throws {
        let gate = RateLimitGate(reserve: 0.05)
        let headers = ["X-RateLimit-ClientLimit": "12500", "X-RateLimit-ClientRemaining": "600", "X-RateLimit-ClientReset": "1800"]
        let pause = try #require(gate.recordSuccess(ImgurRateLimit(headers: headers, now: now), now: now))
        #expect(pause.until == now.addingTimeInterval(1800))
        #expect(pause.reason.contains("600 of 12500"))
    }

    @Test func budgetAboveReserveDoesNotPause() {
        let gate = RateLimitGate(reserve: 0.05)
        let headers = ["X-RateLimit-ClientLimit": "12500", "X-RateLimit-ClientRemaining": "700"]
        #expect(gate.recordSuccess(ImgurRateLimit(headers: headers, now: now), now: now) == nil)
        #expect(gate.currentPause(now: now) == nil)
    }

    @Test func clientScopeSuggestsOwnClientID() {
        #expect(RateLimitGate.reason(for: rateLimited("Too Many Requests", scope: .client)).contains("register your own client id"))
    }

    @Test func reserveReadFromEnvironment() throws {
        #expect(try RateLimitGate.reserve(from: [:]) == 0.05)
        #expect(try RateLimitGate.reserve(from: ["IMGPIPE_RATE_LIMIT_RESERVE": "10%"]) == 0.10)
        #expect(throws: RateLimitSettingError.self) { try RateLimitGate.reserve(from: ["IMGPIPE_RATE_LIMIT_RESERVE": "lots"]) }
    }

    @Test func longPauseThrowsForOneShotCaller() async {
        let gate = RateLimitGate(longestWait: .seconds(60))
        gate.recordRateLimited(rateLimited("Please wait 37 more minutes."))
        await #expect(throws: RateLimitPauseTooLong.self) { try await gate.waitUntilOpen() }
    }

    @Test func waiterResumesAfterPauseAndReportsOnce() async throws {
        let gate = RateLimitGate()
        gate.recordRateLimited(rateLimited("x", retryAfter: .milliseconds(500)))
        let reports = ReportLog()

        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await gate.waitUntilOpen(onPause: { _ in reports.add("paused") }, onResume: { reports.add("resumed") })
                }
            }
            try await group.waitForAll()
        }
        // When the test process stalls past the pause, no waiter sees it and none reports.
        #expect(reports.entries.isEmpty || reports.entries == ["paused", "resumed"])
        #expect(gate.currentPause() == nil)
    }
}

final class ReportLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func add(_ entry: String) {
        lock.withLock { storage.append(entry) }
    }

    var entries: [String] {
        lock.withLock { storage }
    }
}
