import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// An echo server: answers `method path body` as text, or drops the connection for `/drop`.
private func startEchoServer(
    configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
    gate: Gate? = nil
) throws -> (HTTPServer, Int) {
    let server = HTTPServer(configuration: configuration) { request in
        if request.path == "/drop" { return .dropConnection }
        if request.path == "/wait", let gate { await gate.wait() }
        let text = "\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
        return .response(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array(text.utf8)))
    }
    let address = try server.start(host: "127.0.0.1", port: 0)
    return (server, address.port)
}

/// A one-shot latch a handler can await until a test opens it.
actor Gate {
    private var open = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if open { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func release() {
        open = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

@Suite("HTTP server over real sockets")
struct HTTPServerTests {
    @Test("keep-alive: many requests share one connection")
    func keepAlive() async throws {
        let (server, port) = try startEchoServer()
        defer { server.stop() }
        let connection = try await LoopbackHTTPConnection.open(port: port)
        for index in 0..<50 {
            let response = try await connection.exchange(
                "POST /?n=\(index) HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            #expect(response.status == 200)
            #expect(response.text == "POST /?n=\(index) abc")
            #expect(response.header("Connection") == "keep-alive")
            #expect(response.header("Date") != nil)
        }
        #expect(server.acceptedConnections == 1)
        #expect(server.servedRequests == 50)
    }

    @Test("pipelined requests are answered in order")
    func pipelined() async throws {
        let (server, port) = try startEchoServer()
        defer { server.stop() }
        let connection = try await LoopbackHTTPConnection.open(port: port)
        try await connection.send("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\nConnection: close\r\n\r\n")
        for index in 1...3 {
            let response = try await connection.readResponse()
            #expect(response.text == "GET /\(index) ")
        }
        #expect(await connection.waitForClose())
    }

    @Test("tiny reads still frame requests correctly")
    func tinyReads() async throws {
        let (server, port) = try startEchoServer(configuration: HTTPServerConfiguration(readChunkBytes: 2))
        defer { server.stop() }
        let connection = try await LoopbackHTTPConnection.open(port: port)
        for index in 0..<5 {
            let response = try await connection.exchange("POST /t\(index) HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody")
            #expect(response.text == "POST /t\(index) body")
        }
    }

    @Test("garbage gets 400 and a closed connection, and the server keeps serving")
    func garbage() async throws {
        let (server, port) = try startEchoServer()
        defer { server.stop() }
        let bad = try await LoopbackHTTPConnection.open(port: port)
        let response = try await bad.exchange("\u{01}\u{02}garbage garbage\r\n\r\n")
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(await bad.waitForClose())
        let good = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await good.exchange("GET /ok HTTP/1.1\r\n\r\n").status == 200)
    }

    @Test("oversize heads get 431 and oversize bodies 413, then the connection closes")
    func oversize() async throws {
        let (server, port) = try startEchoServer(
            configuration: HTTPServerConfiguration(maximumHeadBytes: 1024, maximumBodyBytes: 2048))
        defer { server.stop() }
        let big = try await LoopbackHTTPConnection.open(port: port)
        let head = "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 4000))\r\n\r\n"
        #expect(try await big.exchange(head).status == 431)
        #expect(await big.waitForClose())
        let body = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await body.exchange("POST / HTTP/1.1\r\nContent-Length: 4096\r\n\r\n").status == 413)
        #expect(await body.waitForClose())
        let fine = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await fine.exchange("POST / HTTP/1.1\r\nContent-Length: 2048\r\n\r\n" + String(repeating: "b", count: 2048)).status == 200)
    }

    @Test("Expect: 100-continue gets an interim answer before the body is sent")
    func expectContinue() async throws {
        let (server, port) = try startEchoServer()
        defer { server.stop() }
        let connection = try await LoopbackHTTPConnection.open(port: port)
        try await connection.send("POST /c HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let interim = try await LoopbackHTTPConnection.onThread { [fd = connection.fd] () -> String in
            var bytes = [UInt8](repeating: 0, count: 25)
            var filled = 0
            while filled < 25 {
                let count = bytes.withUnsafeMutableBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return recv(fd, base + filled, 25 - filled, 0)
                }
                if count <= 0 { break }
                filled += count
            }
            return String(decoding: bytes[0..<filled], as: UTF8.self)
        }
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        try await connection.send("hi")
        #expect(try await connection.readResponse().text == "POST /c hi")
    }

    @Test("a dropped reply closes the connection without an answer")
    func drop() async throws {
        let (server, port) = try startEchoServer()
        defer { server.stop() }
        let connection = try await LoopbackHTTPConnection.open(port: port)
        try await connection.send("GET /drop HTTP/1.1\r\n\r\n")
        await #expect(throws: LoopbackHTTPError.self) { try await connection.readResponse() }
    }

    @Test("many connections at once are all served")
    func manyConnections() async throws {
        let (server, port) = try startEchoServer()
        defer { server.stop() }
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<48 {
                group.addTask {
                    let connection = try await LoopbackHTTPConnection.open(port: port)
                    var good = 0
                    for request in 0..<5 {
                        let response = try await connection.exchange("GET /\(client)/\(request) HTTP/1.1\r\n\r\n")
                        if response.text == "GET /\(client)/\(request) " { good += 1 }
                    }
                    return good
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answers == 240)
        #expect(server.acceptedConnections == 48)
    }

    @Test("a slow handler on one connection does not hold up another")
    func slowHandlerIsolated() async throws {
        let gate = Gate()
        let (server, port) = try startEchoServer(gate: gate)
        defer { server.stop() }
        let slow = try await LoopbackHTTPConnection.open(port: port)
        try await slow.send("GET /wait HTTP/1.1\r\n\r\n")
        let fast = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await fast.exchange("GET /fast HTTP/1.1\r\n\r\n").text == "GET /fast ")
        await gate.release()
        #expect(try await slow.readResponse().text == "GET /wait ")
    }

    @Test("connections over the limit get 503")
    func connectionLimit() async throws {
        let (server, port) = try startEchoServer(configuration: HTTPServerConfiguration(maximumConnections: 1))
        defer { server.stop() }
        let first = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await first.exchange("GET / HTTP/1.1\r\n\r\n").status == 200)
        let second = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await second.readResponse().status == 503)
    }

    @Test("stop closes open connections")
    func stopClosesConnections() async throws {
        let (server, port) = try startEchoServer()
        let connection = try await LoopbackHTTPConnection.open(port: port)
        #expect(try await connection.exchange("GET / HTTP/1.1\r\n\r\n").status == 200)
        server.stop()
        #expect(await connection.waitForClose())
        await #expect(throws: LoopbackHTTPError.self) { try await LoopbackHTTPConnection.open(port: port) }
    }

    @Test("non-loopback and malformed hosts are refused", arguments: ["0.0.0.0", "10.1.2.3", "::", "example.com"])
    func refusesNonLoopback(host: String) {
        let server = HTTPServer { _ in .dropConnection }
        #expect(throws: HTTPServerError.self) { try server.start(host: host, port: 0) }
    }
}

@Suite("HTTP server timeouts")
struct HTTPServerTimeoutTests {
    @Test("a silent connection is closed after the idle timeout while others keep working")
    func idleTimeout() async throws {
        // Long enough that a client delayed by a loaded machine between connect and send is not taken for idle.
        let (server, port) = try startEchoServer(configuration: HTTPServerConfiguration(idleTimeoutSeconds: 3))
        defer { server.stop() }
        let silent = try await LoopbackHTTPConnection.open(port: port)
        try await silent.send("GET /partial HTTP/1.1\r\n")
        #expect(await silent.waitForClose())
        // Sent on connecting: a stalled test task must not leave this one idle past the timeout too.
        let active = try await LoopbackHTTPConnection.open(port: port, sending: "GET / HTTP/1.1\r\n\r\n")
        #expect(try await active.readResponse().status == 200)
    }
}
