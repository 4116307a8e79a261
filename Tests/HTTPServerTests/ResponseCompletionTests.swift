import Foundation
import HTTPServer
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct ResponseCompletionTests {
    @Test(.timeLimit(.minutes(1)))
    func onCompletedRunsOnceAfterResponse() async throws {
        let (completions, continuation) = AsyncStream<Void>.makeStream()
        let server = try HTTPServer { _ in
            var response = HTTPResponse.text("done")
            response.onCompleted = { continuation.yield() }
            return response
        }
        defer { server.stop() }

        let (status, _, data) = try await send(makeSession(), "GET", server.baseURL)
        #expect(status == 200)
        #expect(String(decoding: data, as: UTF8.self) == "done")

        var iterator = completions.makeAsyncIterator()
        #expect(await iterator.next() != nil)
        server.stop()
        continuation.finish()
        #expect(await iterator.next() == nil)
    }
}
