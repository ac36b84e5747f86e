import CTLS
import ECSSignature
import Foundation
import Testing
import TestSupport

@testable import ECSClient

private func get(_ url: String) -> HTTPRequestMessage {
    HTTPRequestMessage(method: "POST", url: url, headers: ["x-acs-action": "DescribeRegions"])
}

/// The transport trusting the test CA besides the system's certificates.
private func trustingTransport(
    proxy: ProxySettings? = nil, connectTimeout: Duration = .seconds(20)
) -> HTTPClientTransport {
    HTTPClientTransport(connectTimeout: connectTimeout, trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(proxy))
}

private func tlsReason(_ call: () async throws(TransportFailure) -> HTTPResponseMessage) async -> String? {
    do {
        _ = try await call()
        return nil
    } catch {
        guard case .tls(let reason) = error else { return "not a TLS failure: \(error)" }
        return reason
    }
}

@Suite("HTTPS transport (TLS through OpenSSL, certificates checked, proxies)")
struct HTTPSTransportTests {
    init() { RawIO.ignoreSigpipe() }

    @Test("a call over TLS gets its answer; the connection is kept and reused; no SNI is sent for an address")
    func roundTrip() async throws {
        let server = try TLSTestServer { head in (200, #"{"RequestId":"R","Path":"\#(head.prefix { $0 != "\r\n" })"}"#) }
        defer { server.stop() }
        let transport = trustingTransport()
        #expect(!transport.hasTLSContext)
        for _ in 0..<3 {
            let answer = try await transport.send(get("https://127.0.0.1:\(server.port)/?Action=DescribeRegions"), timeout: .seconds(30))
            #expect(answer.status == 200)
            #expect(String(decoding: answer.body, as: UTF8.self) == #"{"RequestId":"R","Path":"POST /?Action=DescribeRegions HTTP/1.1"}"#)
        }
        #expect(transport.hasTLSContext)
        #expect(transport.openedConnections == 1)
        let seen = server.seen.withLock { $0 }
        #expect(seen.connections == 1)
        #expect(seen.requests.count == 3)
        #expect(seen.requests.first?.contains("\r\nHost: 127.0.0.1:\(server.port)\r\n") == true)
        #expect(seen.serverNames == [nil])
    }

    @Test("a new connection resumes the endpoint's last TLS session (TLS 1.3 tickets and TLS 1.2 sessions)", arguments: [nil, Int32(TLS1_2_VERSION)])
    func sessionResumption(maximumVersion: Int32?) async throws {
        let server = try TLSTestServer(maximumTLSVersion: maximumVersion)
        defer { server.stop() }
        let other = try TLSTestServer(maximumTLSVersion: maximumVersion)
        defer { other.stop() }
        // No idle connections are kept, so every call opens (and handshakes) a new one.
        let transport = HTTPClientTransport(
            connectTimeout: .seconds(20), trustedCertificatesFile: tlsFixture("ca.pem"), maximumIdleConnectionsPerHost: 0)
        for _ in 0..<3 {
            let answer = try await transport.send(get("https://localhost:\(server.port)/?Action=DescribeRegions"), timeout: .seconds(30))
            #expect(answer.status == 200)
        }
        _ = try await transport.send(get("https://localhost:\(other.port)/?Action=DescribeRegions"), timeout: .seconds(30))
        #expect(transport.openedConnections == 4)
        #expect(server.seen.withLock { $0.resumed } == [false, true, true])
        // Another endpoint is never offered this one's session.
        #expect(other.seen.withLock { $0.resumed } == [false])
    }

    @Test("a host name is sent as SNI and must be the certificate's")
    func serverNameSent() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let answer = try await trustingTransport().send(get("https://localhost:\(server.port)/?Action=X"), timeout: .seconds(30))
        #expect(answer.status == 200)
        #expect(server.seen.withLock { $0.serverNames } == ["localhost"])
    }

    @Test("a certificate for another host is refused, by name and by address")
    func wrongHost() async throws {
        let server = try TLSTestServer(certificate: "wrong-host")
        defer { server.stop() }
        let transport = trustingTransport()
        let byName = await tlsReason { () async throws(TransportFailure) in
            try await transport.send(get("https://localhost:\(server.port)/"), timeout: .seconds(30))
        }
        #expect(byName == "certificate of localhost not accepted: hostname mismatch")
        let byAddress = await tlsReason { () async throws(TransportFailure) in
            try await transport.send(get("https://127.0.0.1:\(server.port)/"), timeout: .seconds(30))
        }
        #expect(byAddress == "certificate of 127.0.0.1 not accepted: IP address mismatch")
        #expect(server.seen.withLock { $0.requests.isEmpty })
    }

    @Test("a certificate no trusted authority signed is refused; the test CA is trusted only when given")
    func untrusted() async throws {
        let selfSigned = try TLSTestServer(certificate: "untrusted")
        defer { selfSigned.stop() }
        let reason = await tlsReason { () async throws(TransportFailure) in
            try await trustingTransport().send(get("https://127.0.0.1:\(selfSigned.port)/"), timeout: .seconds(30))
        }
        #expect(reason == "certificate of 127.0.0.1 not accepted: self-signed certificate")

        let server = try TLSTestServer()
        defer { server.stop() }
        let systemOnly = await tlsReason { () async throws(TransportFailure) in
            try await HTTPClientTransport().send(get("https://127.0.0.1:\(server.port)/"), timeout: .seconds(30))
        }
        #expect(systemOnly == "certificate of 127.0.0.1 not accepted: unable to get local issuer certificate")
        #expect(server.seen.withLock { $0.requests.isEmpty } && selfSigned.seen.withLock { $0.requests.isEmpty })
    }

    @Test("an expired certificate is refused")
    func expired() async throws {
        let server = try TLSTestServer(certificate: "expired")
        defer { server.stop() }
        let reason = await tlsReason { () async throws(TransportFailure) in
            try await trustingTransport().send(get("https://127.0.0.1:\(server.port)/"), timeout: .seconds(30))
        }
        #expect(reason == "certificate of 127.0.0.1 not accepted: certificate has expired")
    }

    @Test("a CA file that cannot be read fails HTTPS calls clearly")
    func unreadableCAFile() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let transport = HTTPClientTransport(trustedCertificatesFile: "/nonexistent/ca.pem")
        let reason = await tlsReason { () async throws(TransportFailure) in
            try await transport.send(get("https://127.0.0.1:\(server.port)/"), timeout: .seconds(30))
        }
        #expect(reason?.hasPrefix("cannot load trusted certificates from /nonexistent/ca.pem") == true)
    }

    @Test("an endpoint that accepts but never finishes the handshake fails at the connect timeout")
    func silentHandshake() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let transport = trustingTransport(connectTimeout: .milliseconds(300))
        await #expect(throws: TransportFailure.timedOut(seconds: 0.3)) {
            try await transport.send(get("https://127.0.0.1:\(silent.port)/"), timeout: .seconds(30))
        }
    }

    @Test("through an HTTPS proxy: CONNECT names the endpoint with the proxy's credentials; TLS and SNI go end to end")
    func proxyTunnel() async throws {
        let proxy = try TLSTestServer(proxy: true)
        defer { proxy.stop() }
        let settings = try ProxySettings(url: "http://ops:p%40ss@127.0.0.1:\(proxy.port)", variable: "https_proxy", noProxy: "")
        let transport = trustingTransport(proxy: settings)
        // The endpoint's real name: the proxy connects, so nothing here resolves it.
        let answer = try await transport.send(get("https://ecs.cn-hangzhou.aliyuncs.com/?Action=DescribeRegions"), timeout: .seconds(30))
        #expect(answer.status == 200)
        let seen = proxy.seen.withLock { $0 }
        let connect = try #require(seen.connectHeads.first)
        #expect(connect.hasPrefix("CONNECT ecs.cn-hangzhou.aliyuncs.com:443 HTTP/1.1\r\n"))
        #expect(connect.contains("\r\nProxy-Authorization: Basic \(Digest.base64(Array("ops:p@ss".utf8)))\r\n"))
        #expect(seen.serverNames == ["ecs.cn-hangzhou.aliyuncs.com"])
        #expect(seen.requests.first?.contains("\r\nHost: ecs.cn-hangzhou.aliyuncs.com\r\n") == true)
        #expect(!settings.description.contains("p%40ss") && !settings.description.contains("ops"))
    }

    @Test("a proxy that refuses CONNECT is a clear error naming its status")
    func proxyRefuses() async throws {
        let proxy = try TLSTestServer(proxy: true, proxyStatus: 407)
        defer { proxy.stop() }
        let settings = try ProxySettings(url: "127.0.0.1:\(proxy.port)", variable: "HTTPS_PROXY", noProxy: "")
        await #expect(throws: TransportFailure.other("the proxy http://127.0.0.1:\(proxy.port) requires authentication (407); put user:password in the proxy URL")) {
            try await trustingTransport(proxy: settings).send(get("https://ecs.cn-hangzhou.aliyuncs.com/"), timeout: .seconds(30))
        }
    }

    @Test("proxy settings: variable precedence, no_proxy, loopback never proxied, only http:// proxies")
    func proxySettings() throws {
        #expect(try ProxySettings.fromEnvironment([:]) == nil)
        let chosen = try #require(try ProxySettings.fromEnvironment(["HTTPS_PROXY": "http://a:1", "https_proxy": "b:2", "ALL_PROXY": "c:3"]))
        #expect(chosen.host == "b" && chosen.port == 2)
        let all = try #require(try ProxySettings.fromEnvironment(["ALL_PROXY": "http://[::1]:3128/", "NO_PROXY": " .internal, ecs.cn-beijing.aliyuncs.com "]))
        #expect(all.host == "::1" && all.port == 3128 && all.description == "http://[::1]:3128")
        #expect(all.applies(to: "ecs.cn-hangzhou.aliyuncs.com"))
        #expect(!all.applies(to: "ECS.cn-beijing.aliyuncs.com"))
        #expect(!all.applies(to: "api.internal"))
        #expect(!all.applies(to: "127.0.0.1") && !all.applies(to: "localhost"))
        let star = try #require(try ProxySettings.fromEnvironment(["https_proxy": "proxy.corp", "no_proxy": "*"]))
        #expect(star.port == 80 && !star.applies(to: "ecs.aliyuncs.com"))
        #expect(throws: ProxySettingsError.unsupported(variable: "https_proxy", reason: "only http:// proxies are supported, not socks5://")) {
            try ProxySettings.fromEnvironment(["https_proxy": "socks5://127.0.0.1:1080"])
        }
        #expect(throws: ProxySettingsError.self) { try ProxySettings.fromEnvironment(["https_proxy": "http://host:99999"]) }
    }

    @Test("a broken proxy setting fails HTTPS calls with its reason, and leaves loopback calls alone")
    func brokenProxySetting() async throws {
        let problem = ProxySettingsError.unsupported(variable: "https_proxy", reason: "bad port")
        let transport = HTTPClientTransport(proxy: .failure(problem))
        await #expect(throws: TransportFailure.other(problem.description)) {
            try await transport.send(get("https://ecs.cn-hangzhou.aliyuncs.com/"), timeout: .seconds(5))
        }
        let server = try TLSTestServer()
        defer { server.stop() }
        let loopback = await tlsReason { () async throws(TransportFailure) in
            try await transport.send(get("https://127.0.0.1:\(server.port)/"), timeout: .seconds(30))
        }
        #expect(loopback == "certificate of 127.0.0.1 not accepted: unable to get local issuer certificate")
    }
}

/// A listening socket that never accepts: connections complete in the kernel and then hear nothing.
struct SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(listening)
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
