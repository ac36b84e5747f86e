import Foundation
import Testing
import TestSupport

@testable import ECSClient

#if canImport(Glibc)
    import Glibc
#endif

/// Set in the child process the parent test starts.
private let childVariable = "ECSRPC_SIGPIPE_CHILD"

private func call(_ port: Int) -> HTTPRequestMessage {
    HTTPRequestMessage(method: "POST", url: "https://127.0.0.1:\(port)/?Action=DescribeRegions", headers: [:])
}

/// OpenSSL writes with write(2), so writing to a TLS peer that has gone away raises SIGPIPE, which kills a process
/// that does not ignore it. The test process ignores SIGPIPE, so the check runs in a child (this same test binary,
/// filtered to the child test) that restores the default action first.
@Suite("SIGPIPE: TLS writes to a vanished peer do not kill a program that keeps SIGPIPE's default action")
struct SIGPIPETests {
    @Test("a child with SIGPIPE at SIG_DFL survives TLS writes to dead peers (cancel, reset, close_notify)")
    func childSurvives() async throws {
        guard ProcessInfo.processInfo.environment[childVariable] == nil else { return }
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        try #require(length > 0)
        let executable = String(decoding: path.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let child = try ServerProcess(
            executable: executable, arguments: ["--testing-library", "swift-testing", "--filter", "SIGPIPETests/childBody"],
            environment: [childVariable: "1"])
        let status = try await child.waitForExit(timeout: .seconds(120))
        let output = try await child.remainingLines(timeout: .seconds(30))
        #expect(status == 0, "child exited with \(status) (141 is death by SIGPIPE): \(output.suffix(5))")
        #expect(output.contains { $0.contains("SIGPIPE child: all writes done") })
    }

    /// Runs only in the child.
    @Test("child body (does nothing unless started by childSurvives)")
    func childBody() async throws {
        guard ProcessInfo.processInfo.environment[childVariable] != nil else { return }
        signal(SIGPIPE, SIG_DFL)
        let client = HTTPClientTransport(trustedCertificatesFile: tlsFixture("ca.pem"), proxy: .success(nil))
        // Cancelled while waiting: the socket is shut down, so the close_notify the connection then writes fails.
        let silent = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.waitForClientClose()
        }
        defer { silent.stop() }
        for round in 0..<5 {
            let pending = Task { try await client.send(call(silent.port), timeout: .seconds(60)) }
            try await waitUntil("the request to arrive") { silent.seen.withLock { $0.requests.count } == round + 1 }
            pending.cancel()
            _ = try? await pending.value
        }
        // Reset by the server after the request: the read fails, then the close_notify hits the dead socket.
        let resetting = try ScriptedTLSServer { peer in
            guard peer.handshake(), peer.readRequest() != nil else { return }
            peer.resetOnClose()
        }
        defer { resetting.stop() }
        for _ in 0..<5 { _ = try? await client.send(call(resetting.port), timeout: .seconds(60)) }
        // A big request written while the server closes at once.
        let closing = try ScriptedTLSServer { peer in
            guard peer.handshake() else { return }
            peer.resetOnClose()
        }
        defer { closing.stop() }
        let big = HTTPRequestMessage(
            method: "POST", url: "https://127.0.0.1:\(closing.port)/?Action=DescribeRegions",
            headers: ["x-padding": String(repeating: "a", count: 4 * 1024 * 1024)])
        for _ in 0..<5 { _ = try? await client.send(big, timeout: .seconds(60)) }
        try await waitUntil("connection threads to end") { ProcessResources.threads(named: "ecs-http") == 0 }
        print("SIGPIPE child: all writes done")
    }
}
