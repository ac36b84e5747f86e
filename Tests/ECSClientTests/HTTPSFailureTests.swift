import Foundation
import Synchronization
import Testing
import TestSupport

@testable import ECSClient

private func call(_ port: Int, host: String = "127.0.0.1") -> HTTPRequestMessage {
    HTTPRequestMessage(method: "POST", url: "https://\(host):\(port)/?Action=DescribeRegions", headers: ["x-acs-action": "DescribeRegions"])
}

private func transport(connectTimeout: Duration = .seconds(20), proxy: ProxySettings? = nil) -> HTTPClientTransport {
    HTTPClientTransport(connectTimeout: connectTimeout, trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(proxy))
}

/// The failure a call ended with (`nil` when it succeeded).
private func failure(_ body: () async throws(TransportFailure) -> HTTPResponseMessage) async -> TransportFailure? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

private let okBody = #"{"RequestId":"OK"}"#
private let okAnswer = "HTTP/1.1 200 OK\r\nContent-Length: \(okBody.utf8.count)\r\n\r\n\(okBody)"

@Suite("HTTPS transport against misbehaving servers (answers cut short, closes, stalls, big answers)")
struct HTTPSFailureTests {
    init() { RawIO.ignoreSigpipe() }

    @Test("a server closing mid-answer (with or without close_notify, or with a reset) is a lost connection, never reused")
    func closedMidAnswer() async throws {
        for ending in ["abrupt", "close_notify", "reset"] {
            let server = try ScriptedTLSServer { peer in
                guard peer.handshake(), peer.readRequest() != nil else { return }
                if peer.index > 0 {
                    peer.write(okAnswer)
                    peer.waitForClientClose()
                    return
                }
                peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"Request")
                switch ending {
                case "close_notify": peer.closeNotify()
                case "reset": peer.resetOnClose()
                default: break
                }
            }
            defer { server.stop() }
            let client = transport()
            #expect(await failure { () async throws(TransportFailure) in try await client.send(call(server.port), timeout: .seconds(30)) } == .connectionLost, "\(ending)")
            let next = try await client.send(call(server.port), timeout: .seconds(30))
            #expect(next.body == Array(okBody.utf8), "\(ending)")
            #expect(client.openedConnections == 2, "\(ending)")
            #expect(server.seen.withLock { $0.requests.count } == 2, "\(ending)")
        }
    }

    @Test("a chunked answer cut short is a lost connection")
    func chunkedCutShort() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n")
            peer.closeNotify()
        }
        defer { server.stop() }
        let client = transport()
        #expect(await failure { () async throws(TransportFailure) in try await client.send(call(server.port), timeout: .seconds(30)) } == .connectionLost)
    }

    @Test("a close-delimited answer cut by a reset is a lost connection, not a short body")
    func closeDelimitedReset() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"RequestId\":")
            // Let the client read the start, then reset.
            usleep(200_000)
            peer.resetOnClose()
        }
        defer { server.stop() }
        let client = transport()
        let outcome: String
        do {
            let answer = try await client.send(call(server.port), timeout: .seconds(30))
            outcome = "answer with body \(String(decoding: answer.body, as: UTF8.self))"
        } catch {
            outcome = "\(error)"
        }
        #expect(outcome == "\(TransportFailure.connectionLost)")
    }

    @Test("close_notify right after a whole answer: the answer counts, and the next call opens a fresh connection")
    func closeNotifyAfterAnswer() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.write(okAnswer)
            peer.closeNotify()
            peer.waitForClientClose()
        }
        defer { server.stop() }
        let client = transport()
        for _ in 0..<3 {
            let answer = try await client.send(call(server.port), timeout: .seconds(30))
            #expect(answer.body == Array(okBody.utf8))
        }
        #expect(server.seen.withLock { $0.requests.count } == 3)
        #expect(client.openedConnections == 3)
    }

    @Test("a server that never answers times out at the call's deadline")
    func neverAnswers() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.waitForClientClose()
        }
        defer { server.stop() }
        let client = transport()
        #expect(await failure { () async throws(TransportFailure) in try await client.send(call(server.port), timeout: .milliseconds(300)) } == .timedOut(seconds: 0.3))
        try await waitUntil("the timed-out connection to close") { server.seen.withLock { $0.open } == 0 }
    }

    @Test("a kept-alive connection the server closed while idle is replaced: each attempt reaches the server once")
    func idleCloseReplaced() async throws {
        for ending in ["close_notify", "abrupt", "reset"] {
            let answered = DispatchSemaphore(value: 0)
            let server = try ScriptedTLSServer { peer in
                guard peer.handshake(), peer.readRequest() != nil else { return }
                peer.write(okAnswer)
                guard peer.index == 0 else {
                    peer.waitForClientClose()
                    return
                }
                // Closes once the client has the answer and holds the connection idle.
                answered.wait()
                switch ending {
                case "close_notify": peer.closeNotify()
                case "reset": peer.resetOnClose()
                default: break
                }
            }
            defer { server.stop() }
            let client = transport()
            _ = try await client.send(call(server.port), timeout: .seconds(30))
            answered.signal()
            try await waitUntil("the server to close") { server.seen.withLock { $0.open } == 0 }
            // (Loopback delivers the FIN or reset within the server's close, before `open` drops.)
            let second = try await client.send(call(server.port), timeout: .seconds(30))
            #expect(second.body == Array(okBody.utf8), "\(ending)")
            #expect(server.seen.withLock { $0.requests.count } == 2, "\(ending)")
            #expect(client.openedConnections == 2, "\(ending)")
        }
    }

    @Test("a kept-alive connection that dies after taking the request is retried once on a fresh connection")
    func diedAfterRequestRetried() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake() else { return }
            var served = 0
            while peer.readRequest() != nil {
                // The first connection's second request is taken and dropped, as by a server closing an idle connection.
                if peer.index == 0 && served == 1 { return }
                peer.write(okAnswer)
                served += 1
            }
        }
        defer { server.stop() }
        let client = transport()
        _ = try await client.send(call(server.port), timeout: .seconds(30))
        let second = try await client.send(call(server.port), timeout: .seconds(30))
        #expect(second.body == Array(okBody.utf8))
        #expect(server.seen.withLock { $0.requests.count } == 3)
        #expect(client.openedConnections == 2)
    }

    @Test("large answers over TLS: several MB by length and chunked, in big and tiny records")
    func largeAnswers() async throws {
        let size = 6 * 1024 * 1024
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 13) }
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake() else { return }
            while let head = peer.readRequest() {
                if head.contains("Mode=chunked") {
                    peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                    var offset = 0
                    var chunk = 1
                    while offset < body.count {
                        let count = min(chunk, body.count - offset)
                        peer.write(Array("\(String(count, radix: 16))\r\n".utf8) + body[offset..<(offset + count)] + [13, 10])
                        offset += count
                        chunk = chunk * 3 % 100_003 + 1
                    }
                    peer.write("0\r\n\r\n")
                } else if head.contains("Mode=tiny") {
                    peer.write("HTTP/1.1 200 OK\r\nContent-Length: \(okBody.utf8.count)\r\n\r\n\(okBody)", recordSize: 1)
                } else {
                    peer.write(Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body, recordSize: 16384)
                }
            }
        }
        defer { server.stop() }
        let client = transport()
        let byLength = try await client.send(call(server.port), timeout: .seconds(120))
        #expect(byLength.body == body)
        let chunked = try await client.send(
            HTTPRequestMessage(method: "POST", url: "https://127.0.0.1:\(server.port)/?Mode=chunked", headers: [:]), timeout: .seconds(120))
        #expect(chunked.body == body)
        let tiny = try await client.send(
            HTTPRequestMessage(method: "POST", url: "https://127.0.0.1:\(server.port)/?Mode=tiny", headers: [:]), timeout: .seconds(120))
        #expect(tiny.body == Array(okBody.utf8))
        #expect(client.openedConnections == 1)
    }

    @Test("localhost served on ::1 only: 127.0.0.1 refuses, the next address answers, with SNI localhost")
    func localhostFallsBackToIPv6() async throws {
        let server = try ScriptedTLSServer(ipv6: true, script: ScriptedTLSServer.answerAll)
        defer { server.stop() }
        // Holds 127.0.0.1 at the same port without listening, so it surely refuses.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(server.port).bigEndian)
        let held = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(held == 0, "127.0.0.1:\(server.port) is taken")
        let answer = try await transport().send(call(server.port, host: "localhost"), timeout: .seconds(30))
        #expect(answer.status == 200)
        #expect(server.seen.withLock { $0.requests.first?.contains("\r\nHost: localhost:\(server.port)\r\n") } == true)
    }

    @Test("a chunked answer fed a few bytes at a time decodes as when whole (trailers, 1xx prelude, extensions)")
    func chunkedIncrementally() throws {
        var wire = Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var expected: [UInt8] = []
        for size in [1, 2, 3, 15, 16, 17, 255, 256, 4097] {
            let chunk = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ size) }
            wire += Array("\(String(size, radix: 16));ext=1\r\n".utf8) + chunk + [13, 10]
            expected += chunk
        }
        wire += Array("0\r\nX-Trailer: t\r\n\r\n".utf8)
        for step in [1, 2, 7, 64, 1000] {
            var parser = HTTPAnswerParser()
            var fed: [UInt8] = []
            var answer: HTTPConnection.Answer?
            while answer == nil && fed.count < wire.count {
                fed += wire[fed.count..<min(wire.count, fed.count + step)]
                answer = try parser.parse(fed).get()
            }
            #expect(fed.count == wire.count, "step \(step)")
            #expect(answer?.response.body == expected, "step \(step)")
            #expect(answer?.keepAlive == true, "step \(step)")
        }
    }

    @Test("1 MB in 16-byte chunks over TLS arrives whole (decoding is linear in the bytes read)")
    func tinyChunks() async throws {
        let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 >> 4 &+ $0) }
        var wire = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for start in stride(from: 0, to: body.count, by: 16) { wire += Array("10\r\n".utf8) + body[start..<(start + 16)] + [13, 10] }
        wire += Array("0\r\n\r\n".utf8)
        let server = try ScriptedTLSServer { [wire] peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.write(wire)
            peer.waitForClientClose()
        }
        defer { server.stop() }
        let answer = try await transport().send(call(server.port), timeout: .seconds(120))
        #expect(answer.body == body)
    }

    @Test("32 concurrent HTTPS calls are all answered; idle connections kept stay within the pool's bound")
    func concurrentCalls() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake() else { return }
            while peer.readRequest() != nil {
                usleep(20_000)
                guard peer.write(okAnswer) else { return }
            }
        }
        defer { server.stop() }
        let client = HTTPClientTransport(
            trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(nil), maximumIdleConnectionsPerHost: 4)
        let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<32 { group.addTask { try await client.send(call(server.port), timeout: .seconds(120)).body } }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(bodies == Array(repeating: Array(okBody.utf8), count: 32))
        #expect(server.seen.withLock { $0.requests.count } == 32)
        try await waitUntil("surplus connections to close") { server.seen.withLock { $0.open } <= 4 }
        let before = client.openedConnections
        for _ in 0..<4 { _ = try await client.send(call(server.port), timeout: .seconds(120)) }
        #expect(client.openedConnections == before)
    }
}
