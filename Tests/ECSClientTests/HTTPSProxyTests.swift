import ECSSignature
import Foundation
import Synchronization
import Testing
import TestSupport

@testable import ECSClient

/// The real endpoint name: only the (test) proxy ever sees it, nothing here resolves it.
private let endpoint = "ecs.cn-hangzhou.aliyuncs.com"

private func signedCall() -> HTTPRequestMessage {
    HTTPRequestMessage(
        method: "POST", url: "https://\(endpoint)/?Action=DescribeRegions&Signature=SIGNATURE-SECRET",
        headers: ["Authorization": "ACS3-HMAC-SHA256 Credential=AKID,Signature=HEADER-SECRET", "x-acs-security-token": "STS-SECRET"])
}

private func transport(proxyPort: Int, host: String = "127.0.0.1", connectTimeout: Duration = .seconds(20)) throws -> HTTPClientTransport {
    let shown = host.contains(":") ? "[\(host)]" : host
    let settings = try ProxySettings(url: "http://ops:pw@\(shown):\(proxyPort)", variable: "https_proxy", noProxy: "")
    return HTTPClientTransport(connectTimeout: connectTimeout, trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(settings))
}

private func failure(_ transport: HTTPClientTransport, _ request: HTTPRequestMessage = signedCall()) async -> TransportFailure? {
    do {
        _ = try await transport.send(request, timeout: .seconds(30))
        return nil
    } catch {
        return error
    }
}

/// A proxy that answers `CONNECT` with `reply` (as raw bytes), then, when `tunnel`, acts as the endpoint over TLS.
private func proxy(ipv6: Bool = false, reply: String?, tunnel: Bool = true) throws -> ScriptedTLSServer {
    try ScriptedTLSServer(ipv6: ipv6) { peer in
        guard peer.readRawHead() != nil else { return }
        guard let reply else {
            peer.waitForClientClose()
            return
        }
        peer.sendRaw(Array(reply.utf8))
        guard tunnel else { return }
        ScriptedTLSServer.answerAll(peer)
    }
}

/// Records what the opener registers and closes through it.
private final class RecordingRegistry: SocketRegistry, Sendable {
    struct Record {
        var registered: [Int32] = []
        /// Each close, with whether the descriptor was still open then.
        var closed: [(Int32, Bool)] = []
    }
    let record = Mutex(Record())

    func registerSocket(_ descriptor: Int32) -> Bool {
        record.withLock { $0.registered.append(descriptor) }
        return true
    }

    func closeSocket(_ descriptor: Int32) {
        record.withLock { $0.closed.append((descriptor, fcntl(descriptor, F_GETFD) != -1)) }
        close(descriptor)
    }
}

@Suite("HTTPS through a proxy: CONNECT head, odd proxy answers; the opener closes what it gives up on, once")
struct HTTPSProxyTests {
    init() { RawIO.ignoreSigpipe() }

    @Test("the CONNECT head holds only the endpoint, Host and the proxy's credentials: nothing of the signed request")
    func connectHeadCarriesNoSecrets() async throws {
        let server = try proxy(reply: "HTTP/1.1 200 Connection established\r\n\r\n")
        defer { server.stop() }
        let client = try transport(proxyPort: server.port)
        for _ in 0..<2 { _ = try await client.send(signedCall(), timeout: .seconds(30)) }
        let seen = server.seen.withLock { $0 }
        let basic = Digest.base64(Array("ops:pw".utf8))
        #expect(seen.rawHeads == ["CONNECT \(endpoint):443 HTTP/1.1\r\nHost: \(endpoint):443\r\nProxy-Authorization: Basic \(basic)\r\n\r\n"])
        #expect(seen.requests.count == 2)
        #expect(seen.requests.first?.contains("Signature=HEADER-SECRET") == true)
        #expect(client.openedConnections == 1)
    }

    @Test("a proxy on ::1 is reached over IPv6")
    func ipv6Proxy() async throws {
        let server = try proxy(ipv6: true, reply: "HTTP/1.0 200 OK\r\n\r\n")
        defer { server.stop() }
        let answer = try await transport(proxyPort: server.port, host: "::1").send(signedCall(), timeout: .seconds(30))
        #expect(answer.status == 200)
        #expect(server.seen.withLock { $0.rawHeads.count } == 1)
    }

    @Test("a proxy answering 502 (with a body) is a clear error naming its status")
    func proxyBadGateway() async throws {
        let server = try proxy(reply: "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 11\r\n\r\nBad Gateway", tunnel: false)
        defer { server.stop() }
        let client1 = try transport(proxyPort: server.port)
        #expect(
            await failure(client1)
                == .other("the proxy http://127.0.0.1:\(server.port) refused CONNECT \(endpoint):443 with status 502"))
    }

    @Test("a proxy closing during CONNECT, or after it without a handshake, fails clearly")
    func proxyCloses() async throws {
        let closing = try ScriptedTLSServer { peer in _ = peer.readRawHead() }
        defer { closing.stop() }
        let client2 = try transport(proxyPort: closing.port)
        #expect(await failure(client2) == .other("the proxy http://127.0.0.1:\(closing.port) closed the connection during CONNECT"))
        let closingAfter = try proxy(reply: "HTTP/1.1 200 OK\r\n\r\n", tunnel: false)
        defer { closingAfter.stop() }
        let client3 = try transport(proxyPort: closingAfter.port)
        #expect(await failure(client3) == .tls("the connection closed during the TLS handshake with \(endpoint)"))
    }

    @Test("extra bytes after the proxy's answer head are not taken for the endpoint's TLS: the handshake fails")
    func proxyExtraBytes() async throws {
        let server = try proxy(reply: "HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", tunnel: false)
        defer { server.stop() }
        let client4 = try transport(proxyPort: server.port)
        guard case .tls = await failure(client4) else {
            Issue.record("not a TLS failure")
            return
        }
    }

    @Test("a proxy that never answers CONNECT fails at the connect timeout")
    func proxySilent() async throws {
        let server = try proxy(reply: nil)
        defer { server.stop() }
        let client5 = try transport(proxyPort: server.port, connectTimeout: .milliseconds(200))
        #expect(await failure(client5) == .timedOut(seconds: 0.2))
    }

    @Test("every socket the opener gives up on is closed through its registry, exactly once; the one it keeps is not")
    func openerClosesThroughRegistry() async throws {
        let context = LazyTLSContext(trustedCertificatesFile: tlsFixture("ca.pem"))
        let deadline = ContinuousClock.now + .seconds(30)
        let (closedListener, refusedPort) = try loopbackListener(backlog: 1)
        close(closedListener)
        let wrongHost = try ScriptedTLSServer(certificate: "wrong-host", script: ScriptedTLSServer.answerAll)
        defer { wrongHost.stop() }
        let badGateway = try proxy(reply: "HTTP/1.1 502 Bad Gateway\r\n\r\n", tunnel: false)
        defer { badGateway.stop() }
        let good = try ScriptedTLSServer(script: ScriptedTLSServer.answerAll)
        defer { good.stop() }
        let direct = ConnectionOpener(proxy: nil, tlsContext: context)
        let proxied = ConnectionOpener(
            proxy: try ProxySettings(url: "127.0.0.1:\(badGateway.port)", variable: "https_proxy", noProxy: ""), tlsContext: context)
        let failing: [(ConnectionOpener, String, Int)] = [
            // Both of localhost's addresses refuse.
            (direct, "https://localhost:\(refusedPort)/", 2),
            (direct, "https://127.0.0.1:\(wrongHost.port)/", 1),
            (proxied, "https://\(endpoint)/", 1),
        ]
        for (opener, url, sockets) in failing {
            let registry = RecordingRegistry()
            let target = try #require(HTTPTarget(url: url))
            guard case .failure = opener.open(target, deadline: deadline, registry: registry) else {
                Issue.record("\(url) opened")
                continue
            }
            let record = registry.record.withLock { $0 }
            #expect(record.registered.count == sockets, "\(url)")
            #expect(record.closed.map(\.0) == record.registered, "\(url)")
            #expect(record.closed.allSatisfy { $0.1 }, "\(url): closed before the registry closed it")
        }
        let registry = RecordingRegistry()
        let opened = direct.open(try #require(HTTPTarget(url: "https://localhost:\(good.port)/")), deadline: deadline, registry: registry)
        let stream = try opened.get()
        defer { stream.close() }
        let record = registry.record.withLock { $0 }
        #expect(record.registered == [stream.descriptor] && record.closed.isEmpty)
    }
}
