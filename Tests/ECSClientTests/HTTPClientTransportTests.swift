import Foundation
import HTTPServer
import Synchronization
import Testing

@testable import ECSClient

private func post(_ port: Int, _ query: String = "Action=DescribeRegions") -> HTTPRequestMessage {
    HTTPRequestMessage(method: "POST", url: "http://127.0.0.1:\(port)/?\(query)", headers: ["x-acs-action": "DescribeRegions"])
}

@Suite("HTTP client transport (own HTTP/1.1 keep-alive client)")
struct HTTPClientTransportTests {
    @Test("URLs are split into scheme, host, port, Host header and request target")
    func targets() {
        #expect(HTTPTarget(url: "http://127.0.0.1:9000/?a=b")?.pathAndQuery == "/?a=b")
        #expect(HTTPTarget(url: "http://[::1]:9000/")?.host == "::1")
        #expect(HTTPTarget(url: "http://localhost:9000")?.pathAndQuery == "/")
        #expect(HTTPTarget(url: "http://localhost")?.port == 80)
        #expect(HTTPTarget(url: "https://ECS.cn-beijing.aliyuncs.com?Action=X")?.host == "ecs.cn-beijing.aliyuncs.com")
        #expect(HTTPTarget(url: "https://ecs.cn-beijing.aliyuncs.com")?.port == 443)
        #expect(HTTPTarget(url: "https://127.0.0.1:9000/")?.usesTLS == true)
        #expect(HTTPTarget(url: "http://127.0.0.1:9000/")?.poolKey != HTTPTarget(url: "https://127.0.0.1:9000/")?.poolKey)
        #expect(HTTPTarget(url: "ftp://127.0.0.1/") == nil)
        #expect(HTTPTarget(url: "https://user@host/") == nil)
        #expect(HTTPTarget(url: "http://127.0.0.1:0/") == nil)
        #expect(HTTPTarget(url: "http://bad host/") == nil)
    }

    @Test("a redirect is not followed: the 3xx is the answer, and the target never sees a request")
    func redirectsRefused() async throws {
        let targetHits = Atomic<Int>(0)
        let server = HTTPServer { request in
            if request.path == "/target" {
                targetHits.add(1, ordering: .relaxed)
                return .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"followed"}"#.utf8)))
            }
            return .response(HTTPResponse(status: 302, headers: [("Location", "/target")]))
        }
        let address = try server.start()
        defer { server.stop() }
        let client = ECSClient(
            configuration: ECSClientConfiguration(fixedEndpoint: try ECSEndpoint(parsing: "127.0.0.1:\(address.port)"), retryPolicy: .none))
        await #expect(throws: ECSClientError.self) {
            try await client.send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        }
        let answer = try await HTTPClientTransport().send(post(address.port), timeout: .seconds(30))
        #expect(answer.status == 302 && answer.headers["location"] == "/target")
        #expect(targetHits.load(ordering: .relaxed) == 0)
    }

    @Test("the request line, Host and headers reach the server; answer headers come back with lower-case names")
    func roundTrip() async throws {
        let seen = Mutex<HTTPRequest?>(nil)
        let server = HTTPServer { request in
            seen.withLock { $0 = request }
            return .response(HTTPResponse(status: 200, headers: [("X-Acs-Request-Id", "R1")], body: Array(#"{"a":0.165}"#.utf8)))
        }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport()
        let answer = try await transport.send(post(address.port, "Action=DescribeRegions&Name=a%20b"), timeout: .seconds(30))
        #expect(answer.status == 200)
        #expect(answer.body == Array(#"{"a":0.165}"#.utf8))
        #expect(answer.headers["x-acs-request-id"] == "R1")
        #expect(answer.headers["content-length"] == "11")
        let request = try #require(seen.withLock { $0 })
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.header("host") == "127.0.0.1:\(address.port)")
        #expect(request.header("x-acs-action") == "DescribeRegions")
    }

    @Test("sequential calls share one connection; concurrent calls each get their own and all answer")
    func reuseAndConcurrency() async throws {
        let server = HTTPServer { _ in .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"R"}"#.utf8))) }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport()
        for _ in 0..<10 { _ = try await transport.send(post(address.port), timeout: .seconds(30)) }
        #expect(transport.openedConnections == 1)
        #expect(server.acceptedConnections == 1)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 { group.addTask { try await transport.send(post(address.port), timeout: .seconds(30)).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 16))
        #expect(server.servedRequests == 26)
    }

    @Test("a connection idle longer than the limit is closed, not reused (a firewall may have dropped it silently)")
    func idleLimit() async throws {
        let server = HTTPServer { _ in .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"R"}"#.utf8))) }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport(maximumIdleTime: .milliseconds(100))
        _ = try await transport.send(post(address.port), timeout: .seconds(30))
        #expect(transport.openedConnections == 1)
        // (That a connection is reused within the limit is what "sequential calls share one connection" checks.)
        try await Task.sleep(for: .milliseconds(300))
        _ = try await transport.send(post(address.port), timeout: .seconds(30))
        #expect(transport.openedConnections == 2)
        #expect(server.acceptedConnections == 2)
    }

    @Test("a kept-alive connection the server dropped is replaced, and the call succeeds")
    func staleConnectionRetried() async throws {
        let calls = Atomic<Int>(0)
        let server = HTTPServer { _ in
            // The second request is dropped without an answer, as a server closing an idle connection would.
            if calls.add(1, ordering: .relaxed).newValue == 2 { return .dropConnection }
            return .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"R"}"#.utf8)))
        }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport()
        _ = try await transport.send(post(address.port), timeout: .seconds(30))
        let second = try await transport.send(post(address.port), timeout: .seconds(30))
        #expect(second.status == 200)
        #expect(calls.load(ordering: .relaxed) == 3)
        #expect(transport.openedConnections == 2)
    }

    @Test("a fresh connection dropped without an answer is a lost connection")
    func droppedOnFreshConnection() async throws {
        let server = HTTPServer { _ in .dropConnection }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport()
        await #expect(throws: TransportFailure.connectionLost) { try await transport.send(post(address.port), timeout: .seconds(30)) }
    }

    @Test("nothing listening is connection refused")
    func refused() async throws {
        let server = HTTPServer { _ in .dropConnection }
        let port = try server.start().port
        server.stop()
        let transport = HTTPClientTransport()
        await #expect(throws: TransportFailure.connectionRefused) { try await transport.send(post(port), timeout: .seconds(30)) }
    }

    @Test("a slow answer times out at the sub-second deadline")
    func timeout() async throws {
        let server = HTTPServer { _ in
            try? await Task.sleep(for: .seconds(5))
            return .response(HTTPResponse(status: 200, body: Array("{}".utf8)))
        }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport()
        await #expect(throws: TransportFailure.timedOut(seconds: 0.2)) {
            try await transport.send(post(address.port), timeout: .milliseconds(200))
        }
    }

    @Test("cancelling the calling task ends the exchange at once")
    func cancellation() async throws {
        let started = AsyncStream<Void>.makeStream()
        let server = HTTPServer { _ in
            started.continuation.yield()
            try? await Task.sleep(for: .seconds(30))
            return .response(HTTPResponse(status: 200, body: Array("{}".utf8)))
        }
        let address = try server.start()
        defer { server.stop() }
        let transport = HTTPClientTransport()
        let call = Task { try await transport.send(post(address.port), timeout: .seconds(60)) }
        var iterator = started.stream.makeAsyncIterator()
        await iterator.next()
        call.cancel()
        await #expect(throws: TransportFailure.other("cancelled")) { try await call.value }
    }

    @Test("chunked bodies, 1xx preludes and close-delimited bodies are read")
    func framing() throws {
        var parser = HTTPAnswerParser()
        let chunked = Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a\r\nset-cookie: b\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n:1}\r\n0\r\n\r\n".utf8)
        let partial = parser.parse(Array(chunked.dropLast(3)))
        #expect(try partial.get() == nil)
        let answer = try #require(try parser.parse(chunked).get())
        #expect(answer.response.body == Array(#"{"a":1}"#.utf8))
        #expect(answer.response.headers["set-cookie"] == "a, b")
        #expect(answer.keepAlive)

        var closing = HTTPAnswerParser()
        let untilClose = Array("HTTP/1.0 200 OK\r\n\r\n{}".utf8)
        #expect(try closing.parse(untilClose).get() == nil)
        let closed = try #require(try closing.finish(untilClose).get())
        #expect(closed.response.body == Array("{}".utf8))
        #expect(!closed.keepAlive)

        var explicitClose = HTTPAnswerParser()
        let withClose = try #require(try explicitClose.parse(Array("HTTP/1.1 503 X\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}".utf8)).get())
        #expect(withClose.response.status == 503)
        #expect(!withClose.keepAlive)

        var compressed = HTTPAnswerParser()
        #expect(throws: HTTPConnection.Failure.self) {
            try compressed.parse(Array("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}".utf8)).get()
        }

        var bad = HTTPAnswerParser()
        #expect(throws: HTTPConnection.Failure.self) { try bad.parse(Array("SMTP ready\r\n\r\n".utf8)).get() }
    }
}
