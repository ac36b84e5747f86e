import Foundation
import Synchronization
import Testing
import TestSupport

@testable import ECSClient

private func call(_ port: Int, scheme: String = "https") -> HTTPRequestMessage {
    HTTPRequestMessage(method: "POST", url: "\(scheme)://127.0.0.1:\(port)/?Action=DescribeRegions", headers: [:])
}

private func transport(connectTimeout: Duration = .seconds(60)) -> HTTPClientTransport {
    HTTPClientTransport(connectTimeout: connectTimeout, trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(nil))
}

/// The failure `request` ends with on `transport` (`nil` when it is answered).
private func failure(_ transport: HTTPClientTransport, _ request: HTTPRequestMessage, timeout: Duration) async -> TransportFailure? {
    do {
        _ = try await transport.send(request, timeout: timeout)
        return nil
    } catch {
        return error
    }
}

/// Client sockets of this process in `state` (hex, as /proc/net/tcp writes it: 02 is SYN_SENT) towards `port`.
private func clientSockets(toPort port: Int, state: String) -> Int {
    let wanted = String(format: ":%04X", port)
    return ["/proc/net/tcp", "/proc/net/tcp6"].reduce(0) { total, file in
        let lines = ProcessResources.read(file).split(separator: "\n").dropFirst()
        return total + lines.count { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[2].hasSuffix(wanted) && fields[3] == state
        }
    }
}

/// Runs `rounds` and checks that afterwards the connection threads end and the socket descriptors come back (other
/// suites run meanwhile, so a little slack; a leak of one per round would exceed it).
private func withoutLeaks(rounds: Int, _ body: (Int) async throws -> Void) async throws {
    let sockets = ProcessResources.sockets
    let threads = ProcessResources.threads(named: "ecs-http")
    for round in 0..<rounds { try await body(round) }
    try await waitUntil(timeout: .seconds(60), "connection threads to end") { ProcessResources.threads(named: "ecs-http") <= threads + 8 }
    try await waitUntil(timeout: .seconds(60), "socket descriptors to close") { ProcessResources.sockets <= sockets + 8 }
}

@Suite("HTTPS transport: cancellation at each step, and no descriptor or thread leaks", .serialized)
struct HTTPSCancellationTests {
    init() { RawIO.ignoreSigpipe() }

    @Test("cancelled while waiting for the answer: returns cancelled, the thread ends, the socket closes")
    func cancelWaitingForAnswer() async throws {
        let server = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.waitForClientClose()
        }
        defer { server.stop() }
        let client = transport()
        try await withoutLeaks(rounds: 30) { round in
            let pending = Task { await failure(client, call(server.port), timeout: .seconds(60)) }
            try await waitUntil("the request to arrive") { server.seen.withLock { $0.requests.count } == round + 1 }
            pending.cancel()
            #expect(await pending.value == .other("cancelled"))
        }
        try await waitUntil("the server to see every connection close") { server.seen.withLock { $0.open } == 0 }
    }

    @Test("cancelled during the TLS handshake: returns cancelled, nothing leaks")
    func cancelDuringHandshake() async throws {
        // Accepts, then never answers the ClientHello.
        let server = try ScriptedTLSServer { peer in peer.waitForClientClose() }
        defer { server.stop() }
        let client = transport()
        try await withoutLeaks(rounds: 30) { round in
            let pending = Task { await failure(client, call(server.port), timeout: .seconds(60)) }
            try await waitUntil("the connection to arrive") { server.seen.withLock { $0.connections } == round + 1 }
            pending.cancel()
            #expect(await pending.value == .other("cancelled"))
        }
        try await waitUntil("the server to see every connection close") { server.seen.withLock { $0.open } == 0 }
    }

    @Test("cancelled while the proxy has not answered CONNECT: returns cancelled, nothing leaks")
    func cancelDuringProxyConnect() async throws {
        let proxy = try ScriptedTLSServer { peer in
            guard peer.readRawHead() != nil else { return }
            peer.waitForClientClose()
        }
        defer { proxy.stop() }
        let settings = try ProxySettings(url: "http://127.0.0.1:\(proxy.port)", variable: "https_proxy", noProxy: "")
        let client = HTTPClientTransport(trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(settings))
        let request = HTTPRequestMessage(method: "POST", url: "https://ecs.cn-hangzhou.aliyuncs.com/?Action=DescribeRegions", headers: [:])
        try await withoutLeaks(rounds: 20) { round in
            let pending = Task { await failure(client, request, timeout: .seconds(60)) }
            try await waitUntil("the CONNECT to arrive") { proxy.seen.withLock { $0.rawHeads.count } == round + 1 }
            pending.cancel()
            #expect(await pending.value == .other("cancelled"))
        }
        try await waitUntil("the proxy to see every connection close") { proxy.seen.withLock { $0.open } == 0 }
    }

    @Test("cancelled while connecting (the listener's queue is full, so the SYN goes unanswered): returns cancelled")
    func cancelDuringConnect() async throws {
        let (listener, port) = try loopbackListener(backlog: 0)
        defer { close(listener) }
        // One connection fills the accept queue; later ones stay in SYN_SENT.
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(filler) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let client = transport()
        try await withoutLeaks(rounds: 20) { _ in
            let pending = Task { await failure(client, call(port), timeout: .seconds(60)) }
            try await waitUntil("the connect to be pending") { clientSockets(toPort: port, state: "02") >= 1 }
            pending.cancel()
            #expect(await pending.value == .other("cancelled"))
            try await waitUntil("the pending connect to go") { clientSockets(toPort: port, state: "02") == 0 }
        }
    }

    @Test("cancelled while the host name is being resolved (a blocking lookup): returns at once, not when the lookup ends")
    func cancelDuringResolution() async throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let released = Atomic<Bool>(false)
        var opener = ConnectionOpener(proxy: nil, tlsContext: LazyTLSContext(trustedCertificatesFile: nil))
        opener.resolve = { _, _ in
            entered.signal()
            release.wait()
            return .failure(.hostNotFound)
        }
        let threads = ProcessResources.threads(named: "ecs-http")
        let connection = HTTPConnection(
            target: try #require(HTTPTarget(url: "https://ecs.cn-hangzhou.aliyuncs.com/")), opener: opener, connectTimeout: .seconds(60))
        let pending = Task { await connection.exchange(Array("POST / HTTP/1.1\r\n\r\n".utf8), deadline: .now + .seconds(60)) }
        // A lookup that never ends on its own: freed once the result is in, or after 20 s so a failing test still ends.
        let done = DispatchSemaphore(value: 0)
        let guardian = Thread {
            if done.wait(timeout: .now() + 20) == .timedOut { released.store(true, ordering: .sequentiallyConsistent) }
            release.signal()
        }
        guardian.start()
        await Task.detached { entered.wait() }.value
        pending.cancel()
        let result = await pending.value
        let waitedForLookup = released.load(ordering: .sequentiallyConsistent)
        done.signal()
        #expect(!waitedForLookup, "the call waited for the lookup to end")
        #expect(result.failure == .cancelled)
        connection.retire()
        try await waitUntil("the connection thread to end") { ProcessResources.threads(named: "ecs-http") <= threads }
    }

    @Test("a host name lookup running past the call's deadline: the call times out at the deadline, not when the lookup ends")
    func deadlineDuringResolution() async throws {
        let release = DispatchSemaphore(value: 0)
        let resolved = Atomic<Bool>(false)
        var opener = ConnectionOpener(proxy: nil, tlsContext: LazyTLSContext(trustedCertificatesFile: nil))
        opener.resolve = { _, _ in
            // Freed once the result is in, or after 20 s so a failing test still ends.
            _ = release.wait(timeout: .now() + 20)
            resolved.store(true, ordering: .sequentiallyConsistent)
            return .failure(.hostNotFound)
        }
        let connection = HTTPConnection(
            target: try #require(HTTPTarget(url: "https://ecs.cn-hangzhou.aliyuncs.com/")), opener: opener, connectTimeout: .seconds(60))
        let result = await connection.exchange(Array("POST / HTTP/1.1\r\n\r\n".utf8), deadline: .now + .milliseconds(300))
        let waitedForLookup = resolved.load(ordering: .sequentiallyConsistent)
        release.signal()
        #expect(!waitedForLookup, "the call waited for the lookup to end")
        #expect(result.failure == .timedOut)
        connection.retire()
    }

    @Test("an already cancelled task never connects")
    func cancelledBeforehand() async throws {
        let server = try ScriptedTLSServer(script: ScriptedTLSServer.answerAll)
        defer { server.stop() }
        let client = transport()
        let pending = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await failure(client, call(server.port), timeout: .seconds(60))
        }
        #expect(await pending.value == .other("cancelled"))
        #expect(server.seen.withLock { $0.requests.isEmpty })
    }

    @Test("many failing calls (refused, wrong certificate, timeouts, handshake timeouts) leak no descriptor or thread")
    func failuresDoNotLeak() async throws {
        let (closedListener, refusedPort) = try loopbackListener(backlog: 1)
        close(closedListener)
        let wrongHost = try ScriptedTLSServer(certificate: "wrong-host", script: ScriptedTLSServer.answerAll)
        defer { wrongHost.stop() }
        let silent = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.waitForClientClose()
        }
        defer { silent.stop() }
        let mute = try ScriptedTLSServer { peer in peer.waitForClientClose() }
        defer { mute.stop() }
        let client = transport()
        let quick = transport(connectTimeout: .milliseconds(50))
        try await withoutLeaks(rounds: 40) { _ in
            for scheme in ["http", "https"] {
                #expect(await failure(client, call(refusedPort, scheme: scheme), timeout: .seconds(30)) == .connectionRefused)
            }
            let tls = await failure(client, call(wrongHost.port), timeout: .seconds(30))
            #expect(tls == .tls("certificate of 127.0.0.1 not accepted: IP address mismatch"))
            #expect(await failure(client, call(silent.port), timeout: .milliseconds(50)) == .timedOut(seconds: 0.05))
            #expect(await failure(quick, call(mute.port), timeout: .seconds(30)) == .timedOut(seconds: 0.05))
        }
    }
}

extension Result {
    /// The failure, or `nil` for a success.
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}
