import CTLS
import Foundation
import HTTPServer
import TestSupport
import Testing

/// An HTTPS echo server with the fixture certificate: answers `method target body` as text.
private func startTLSEchoServer(
    configuration: HTTPServerConfiguration = HTTPServerConfiguration()
) throws -> (HTTPServer, ListeningAddress) {
    let identity = try TLSServerIdentity.load(certificateFile: fixture("server.pem"), keyFile: fixture("server.key"))
    var configuration = configuration
    configuration.tls = identity
    let server = HTTPServer(configuration: configuration) { request in
        if request.path == "/huge-answer" { return .response(HTTPResponse(status: 200, body: [UInt8](repeating: 0x61, count: 8 << 20))) }
        let text = "\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
        return .response(HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array(text.utf8)))
    }
    return (server, try server.start(host: "127.0.0.1", port: 0))
}

@Suite("HTTP server over TLS")
struct HTTPSServerTests {
    @Test("handshake, then keep-alive requests on one TLS 1.2+ connection, small and large bodies")
    func keepAliveOverTLS() async throws {
        let (server, address) = try startTLSEchoServer()
        defer { server.stop() }
        #expect(address.scheme == "https")
        #expect(address.url == "https://127.0.0.1:\(address.port)")
        let client = try await TLSTestClient.connect(port: address.port)
        #expect(client.protocolVersion >= TLS1_2_VERSION)
        for index in 0..<20 {
            let response = try await client.exchange("POST /?n=\(index) HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            #expect(response.status == 200)
            #expect(response.text == "POST /?n=\(index) abc")
            #expect(response.headers["connection"] == "keep-alive")
        }
        let large = String(repeating: "x", count: 100_000)
        let echoed = try await client.exchange("PUT /big HTTP/1.1\r\nContent-Length: \(large.utf8.count)\r\n\r\n\(large)")
        #expect(echoed.body.count == "PUT /big ".utf8.count + large.utf8.count)
        #expect(echoed.text.hasPrefix("PUT /big xxx") && echoed.text.hasSuffix("xxx"))
        #expect(server.acceptedConnections == 1)
        #expect(server.servedRequests == 21)
        #expect(server.failedHandshakes == 0)
    }

    @Test("tiny reads still frame requests over TLS, and a parse error answers 400 and closes")
    func tinyReadsAndErrors() async throws {
        let (server, address) = try startTLSEchoServer(configuration: HTTPServerConfiguration(readChunkBytes: 2))
        defer { server.stop() }
        let client = try await TLSTestClient.connect(port: address.port)
        for index in 0..<5 {
            let response = try await client.exchange("POST /t\(index) HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody")
            #expect(response.text == "POST /t\(index) body")
        }
        let bad = try await client.exchange("NOT HTTP AT ALL\r\n\r\n")
        #expect(bad.status == 400)
        #expect(await client.waitForClose())
    }

    @Test("a plain HTTP client on the TLS port gets a plain 400 naming HTTPS and a closed connection")
    func plainClientRefused() async throws {
        let (server, address) = try startTLSEchoServer()
        defer { server.stop() }
        let plain = try await LoopbackHTTPConnection.open(port: address.port)
        let response = try await plain.exchange("GET /_simulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(response.status == 400)
        #expect(response.text.contains("https://"))
        #expect(await plain.waitForClose())
        try await waitUntil("the failed handshake to be counted") { server.failedHandshakes == 1 }
        let client = try await TLSTestClient.connect(port: address.port)
        #expect(try await client.exchange("GET /after HTTP/1.1\r\n\r\n").text == "GET /after ")
    }

    @Test("failed and stalled handshakes do not disturb other connections")
    func failedHandshakesAreIsolated() async throws {
        let (server, address) = try startTLSEchoServer()
        defer { server.stop() }
        let established = try await TLSTestClient.connect(port: address.port)
        #expect(try await established.exchange("GET /1 HTTP/1.1\r\n\r\n").status == 200)
        // One client that never speaks (its handshake stays pending on its own thread)...
        let silent = try await LoopbackHTTPConnection.open(port: address.port)
        // ...one that sends a record that is not TLS...
        let garbage = try await LoopbackHTTPConnection.open(port: address.port)
        try await garbage.send([0x16, 0x03, 0x01, 0x00, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(await garbage.waitForClose())
        // ...and one offering only TLS 1.1, which the server refuses.
        await #expect(throws: TLSTestClientError.self) {
            _ = try await TLSTestClient.connect(port: address.port, maximumVersion: TLS1_1_VERSION)
        }
        try await waitUntil("both refusals to be counted") { server.failedHandshakes == 2 }
        for index in 2...5 {
            #expect(try await established.exchange("GET /\(index) HTTP/1.1\r\n\r\n").text == "GET /\(index) ")
        }
        let fresh = try await TLSTestClient.connect(port: address.port)
        #expect(try await fresh.exchange("GET /fresh HTTP/1.1\r\n\r\n").text == "GET /fresh ")
        #expect(server.openConnections >= 3)  // established, silent and fresh
        _ = silent
    }

    @Test("a client that resets mid-answer costs the server only that connection")
    func resetDuringAnswer() async throws {
        let (server, address) = try startTLSEchoServer()
        defer { server.stop() }
        for _ in 0..<3 {
            let leaving = try await TLSTestClient.connect(port: address.port)
            try await leaving.send("GET /huge-answer HTTP/1.1\r\n\r\n")
            leaving.abort()
        }
        try await waitUntil("the reset connections to close") { server.openConnections == 0 }
        let client = try await TLSTestClient.connect(port: address.port)
        #expect(try await client.exchange("GET /still HTTP/1.1\r\n\r\n").text == "GET /still ")
    }

    @Test("stop closes open TLS connections")
    func stopClosesTLSConnections() async throws {
        let (server, address) = try startTLSEchoServer()
        let client = try await TLSTestClient.connect(port: address.port)
        #expect(try await client.exchange("GET / HTTP/1.1\r\n\r\n").status == 200)
        server.stop()
        #expect(await client.waitForClose())
    }

    @Test("a silent TLS connection is closed after the idle timeout")
    func idleTimeoutDuringHandshake() async throws {
        let (server, address) = try startTLSEchoServer(configuration: HTTPServerConfiguration(idleTimeoutSeconds: 1))
        defer { server.stop() }
        let silent = try await LoopbackHTTPConnection.open(port: address.port)
        #expect(await silent.waitForClose())
        try await waitUntil("the abandoned handshake to be counted") { server.failedHandshakes == 1 }
    }
}

@Suite("TLS server identity")
struct TLSServerIdentityTests {
    @Test("the fixture certificate and key load")
    func loads() throws {
        let identity = try TLSServerIdentity.load(certificateFile: fixture("server.pem"), keyFile: fixture("server.key"))
        #expect(identity.certificateFile.hasSuffix("server.pem"))
    }

    @Test("a missing file is named with the system's reason")
    func missingFile() {
        #expect(throws: TLSIdentityError.unreadableCertificate(path: "/nonexistent.pem", reason: "No such file or directory")) {
            try TLSServerIdentity.load(certificateFile: "/nonexistent.pem", keyFile: fixture("server.key"))
        }
        #expect(throws: TLSIdentityError.unreadableKey(path: "/nonexistent.key", reason: "No such file or directory")) {
            try TLSServerIdentity.load(certificateFile: fixture("server.pem"), keyFile: "/nonexistent.key")
        }
    }

    @Test("swapped files are refused as not a certificate")
    func swapped() {
        #expect {
            try TLSServerIdentity.load(certificateFile: fixture("server.key"), keyFile: fixture("server.pem"))
        } throws: { error in
            guard case .invalidCertificate(let path, _) = error as? TLSIdentityError else { return false }
            return path.hasSuffix("server.key")
        }
    }

    @Test("a key that is not the certificate's is refused as mismatched")
    func mismatched() {
        let certificate = fixture("server.pem")
        let key = fixture("ca.pem")  // a certificate, not a key: refused as no usable key
        #expect(throws: TLSIdentityError.self) { try TLSServerIdentity.load(certificateFile: certificate, keyFile: key) }
        let other = fixture("other.key")
        #expect(throws: TLSIdentityError.mismatchedKey(certificate: certificate, key: other)) {
            try TLSServerIdentity.load(certificateFile: certificate, keyFile: other)
        }
    }
}
