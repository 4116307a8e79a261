import Foundation
import HTTPServer
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Handler that describes the request it got as JSON, so tests can check what the server parsed.
@Sendable func echo(_ request: HTTPRequest) async -> HTTPResponse {
    let description: [String: Any] = [
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": request.headers,
        "bodyLength": request.body.count,
        "remoteAddress": request.remoteAddress,
        "customHeader": request.header("X-Custom-Header") ?? "",
    ]
    let data = (try? JSONSerialization.data(withJSONObject: description)) ?? Data()
    return .json(data)
}

func decodeEcho(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Suite struct HTTPServerTests {
    @Test func requestPartsAreDecoded() async throws {
        let server = try HTTPServer(handler: echo)
        defer { server.stop() }
        let url = try #require(URL(string: "\(server.baseURL)/some%20dir/caf%C3%A9?a=1&b=x%20y&a=2&plus=1%2B1&empty="))

        let (status, _, data) = try await send(makeSession(), "PUT", url,
            headers: ["X-Custom-Header": "Value"], body: Data("hello".utf8))
        let echoed = try decodeEcho(data)

        #expect(status == 200)
        #expect(echoed["method"] as? String == "PUT")
        #expect(echoed["path"] as? String == "/some dir/café")
        let query = try #require(echoed["query"] as? [String: String])
        #expect(query["a"] == "2")
        #expect(query["b"] == "x y")
        #expect(query["plus"] == "1+1")
        #expect(query["empty"] == "")
        let headers = try #require(echoed["headers"] as? [String: String])
        #expect(headers["x-custom-header"] == "Value")
        #expect(echoed["customHeader"] as? String == "Value")
        #expect(echoed["bodyLength"] as? Int == 5)
        #expect(echoed["remoteAddress"] as? String == "127.0.0.1")
    }

    @Test func responseStatusAndHeadersPassThrough() async throws {
        let server = try HTTPServer { _ in
            HTTPResponse(status: 418, headers: ["X-Reply": "teapot"], body: Data("short and stout".utf8))
        }
        defer { server.stop() }

        let (status, headers, data) = try await send(makeSession(), "GET", server.baseURL)

        #expect(status == 418)
        #expect(headers["x-reply"] == "teapot")
        #expect(String(decoding: data, as: UTF8.self) == "short and stout")
    }

    @Test func redirectSetsLocation() async throws {
        let server = try HTTPServer { _ in .redirect(to: "http://localhost:3000/callback?code=abc") }
        defer { server.stop() }

        let reply = exchangeRaw(port: server.port, request: "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")

        #expect(reply.hasPrefix("HTTP/1.1 302"))
        #expect(reply.contains("Location: http://localhost:3000/callback?code=abc"))
    }

    @Test func handlersRunConcurrently() async throws {
        let requestCount = 16
        let gate = ArrivalGate(total: requestCount)
        let server = try HTTPServer { request in
            // Each handler waits until all have arrived, which only ends if they overlap.
            await gate.arriveAndWait()
            return .text(request.query["n"] ?? "")
        }
        defer { server.stop() }
        let session = makeSession()

        let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<requestCount {
                let url = try #require(URL(string: "\(server.baseURL)/?n=\(index)"))
                group.addTask {
                    let (status, _, data) = try await send(session, "GET", url)
                    return (status, String(decoding: data, as: UTF8.self))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(replies.count == requestCount)
        #expect(replies.allSatisfy { $0.0 == 200 })
        #expect(Set(replies.map(\.1)) == Set((0..<requestCount).map(String.init)))
    }

    @Test func manyRequestsAllAnswered() async throws {
        let server = try HTTPServer { request in .text(request.path) }
        defer { server.stop() }
        let session = makeSession()

        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<200 {
                let url = server.baseURL.appendingPathComponent("item\(index)")
                group.addTask { String(decoding: try await send(session, "GET", url).2, as: UTF8.self) }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }

        #expect(paths == Set((0..<200).map { "/item\($0)" }))
    }

    @Test func largeBodyArrivesIntact() async throws {
        var body = Data()
        let block = Data((0..<251).map { UInt8($0) })
        while body.count < 12 << 20 {
            body.append(block)
        }
        let received = Mutex<Data?>(nil)
        let server = try HTTPServer { request in
            received.withLock { $0 = request.body }
            return .text("\(request.body.count)")
        }
        defer { server.stop() }

        let (status, _, data) = try await send(makeSession(), "POST", server.baseURL, body: body)

        #expect(status == 200)
        #expect(String(decoding: data, as: UTF8.self) == "\(body.count)")
        #expect(received.withLock { $0 } == body)
    }

    @Test func oversizedBodyGets413() async throws {
        let handlerCalls = Mutex(0)
        let server = try HTTPServer(maxBodyBytes: 1000) { _ in
            handlerCalls.withLock { $0 += 1 }
            return .text("called")
        }
        defer { server.stop() }

        let (tooLarge, _, message) = try await send(makeSession(), "POST", server.baseURL, body: Data(count: 5000))
        let (exact, _, _) = try await send(makeSession(), "POST", server.baseURL, body: Data(count: 1000))

        #expect(tooLarge == 413)
        #expect(String(decoding: message, as: UTF8.self).contains("1000 bytes"))
        #expect(exact == 200)
        #expect(handlerCalls.withLock { $0 } == 1)
    }

    @Test func oversizedBodyWithExpectContinueGets413Early() throws {
        let server = try HTTPServer(maxBodyBytes: 1000) { _ in .text("called") }
        defer { server.stop() }

        let reply = exchangeRaw(port: server.port, request: "POST / HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 50000000\r\nExpect: 100-continue\r\n\r\n")

        #expect(reply.hasPrefix("HTTP/1.1 413"))
        #expect(!reply.contains("100 Continue"))
    }

    @Test func stopClosesThePort() async throws {
        let server = try HTTPServer { _ in .text("ok") }
        let port = server.port
        #expect(canConnect(host: "127.0.0.1", port: port))

        server.stop()

        #expect(!canConnect(host: "127.0.0.1", port: port))
        server.stop()
    }

    @Test func stopAnswersPendingRequestsWith503() async throws {
        let arrived = ArrivalGate(total: 2)
        let server = try HTTPServer { _ in
            await arrived.arriveAndWait()
            try? await Task.sleep(for: .seconds(30))
            return .text("late")
        }
        let session = makeSession()
        let url = server.baseURL
        let clock = ContinuousClock()

        async let reply = send(session, "GET", url)
        await arrived.arriveAndWait()
        let stopTime = clock.measure { server.stop() }
        let (status, _, body) = try await reply

        // The handler sleeps for 30 s, so stopping well before that shows it was not awaited.
        #expect(stopTime < .seconds(10))
        #expect(status == 503)
        #expect(String(decoding: body, as: UTF8.self).contains("stopping"))
        #expect(!canConnect(host: "127.0.0.1", port: server.port))
    }

    @Test func bindsOnlyTheGivenAddress() throws {
        let server = try HTTPServer(host: "127.0.0.1") { _ in .text("ok") }
        defer { server.stop() }

        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")
        #expect(server.port != 0)
        #expect(canConnect(host: "127.0.0.1", port: server.port))
        #expect(!canConnect(host: "127.0.0.2", port: server.port))
    }

    @Test func invalidHostIsRejected() {
        #expect {
            _ = try HTTPServer(host: "not-an-address") { _ in .text("ok") }
        } throws: { error in
            (error as? HTTPServerError)?.kind == .invalidAddress
        }
    }

    @Test func busyPortIsReported() throws {
        let first = try HTTPServer { _ in .text("ok") }
        defer { first.stop() }

        #expect {
            _ = try HTTPServer(port: first.port) { _ in .text("ok") }
        } throws: { error in
            (error as? HTTPServerError)?.kind == .startFailed
        }
    }
}
