import Foundation
import ImgurSandbox
import Testing

@Suite struct SandboxFaultTests {
    @Test func uploadBudgetGives429ErrorsArray() async throws {
        let sandbox = try makeSandbox { $0.uploadBudget = 1 }
        defer { sandbox.stop() }
        let png = try imageFixture("pngsuite_basn6a08.png")

        let first = try await sandbox.upload(png)
        let second = try await sandbox.upload(png)
        let errors = try #require(try second.json()["errors"] as? [[String: Any]])

        #expect(first.status == 200)
        #expect(second.status == 429)
        #expect(second.headers["content-type"] == "application/vnd.imgur.v1+json")
        #expect(second.headers["x-ratelimit-clientremaining"] == "0")
        #expect(errors.first?["detail"] as? String == "Too Many Requests")
        #expect(sandbox.storedImages().count == 1)
    }

    @Test func userScopeBudgetZeroesUserRemaining() async throws {
        let sandbox = try makeSandbox {
            $0.uploadBudget = 0
            $0.rateLimitScope = .user
            $0.htmlErrorPages = true
        }
        defer { sandbox.stop() }

        let reply = try await sandbox.upload(try imageFixture("pngsuite_basn6a08.png"))

        #expect(reply.status == 429)
        #expect(reply.headers["x-ratelimit-userremaining"] == "0")
        #expect(reply.text.contains("<title>429 Too Many Requests</title>"))
    }

    @Test func failureCountThenRecovery() async throws {
        let sandbox = try makeSandbox {
            $0.failureStatus = 500
            $0.failureCount = 2
        }
        defer { sandbox.stop() }

        let first = try await call("GET", sandbox.url("/3/credits"), authorization: sandbox.clientIDHeader)
        let second = try await call("GET", sandbox.url("/3/credits"), authorization: sandbox.clientIDHeader)
        let third = try await call("GET", sandbox.url("/3/credits"), authorization: sandbox.clientIDHeader)

        #expect(first.status == 500)
        #expect(try first.errorMessage() == "Imgur is temporarily over capacity. Please try again later.")
        #expect(second.status == 500)
        #expect(third.status == 200)
    }

    @Test func htmlFailurePages() async throws {
        let sandbox = try makeSandbox {
            $0.failureStatus = 503
            $0.htmlErrorPages = true
        }
        defer { sandbox.stop() }

        let reply = try await call("GET", sandbox.url("/3/credits"), authorization: sandbox.clientIDHeader)

        #expect(reply.status == 503)
        #expect(reply.headers["content-type"]?.hasPrefix("text/html") == true)
    }

    @Test func latencyDelaysAPIResponses() async throws {
        let sandbox = try makeSandbox { $0.latency = .milliseconds(300) }
        defer { sandbox.stop() }

        let elapsed = try await ContinuousClock().measure {
            _ = try await call("GET", sandbox.url("/3/credits"), authorization: sandbox.clientIDHeader)
        }

        #expect(elapsed >= .milliseconds(300))
    }

    @Test func rateLimitHeadersOnEveryAPIResponse() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        let credits = try await call("GET", sandbox.url("/3/credits"), authorization: sandbox.clientIDHeader)
        let missing = try await call("GET", sandbox.url("/3/nothing"), authorization: sandbox.clientIDHeader)
        let upload = try await sandbox.upload(try imageFixture("pngsuite_basn6a08.png"))

        for reply in [credits, missing, upload] {
            #expect(reply.headers["x-ratelimit-userlimit"] == "500")
            #expect(reply.headers["x-ratelimit-clientlimit"] == "12500")
            #expect(reply.headers["x-ratelimit-clientremaining"] != nil)
        }
        #expect(upload.headers["x-post-rate-limit-remaining"] != nil)
        #expect(try credits.data()["ClientLimit"] as? Int == 12_500)
    }

    @Test func missingAuthorizationGets401() async throws {
        let sandbox = try makeSandbox()
        defer { sandbox.stop() }

        let reply = try await call("GET", sandbox.url("/3/credits"))
        let wrongClient = try await call("GET", sandbox.url("/3/credits"), authorization: "Client-ID other")

        #expect(reply.status == 401)
        #expect(wrongClient.status == 403)
    }
}
