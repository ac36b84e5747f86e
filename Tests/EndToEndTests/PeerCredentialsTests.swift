import Foundation
import JSON
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a socket client as another user (uid 65534) with setpriv and python3; only possible as root.
@Suite(
    "Peer uid check",
    .enabled(
        if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        "needs root, setpriv and python3"))
struct PeerCredentialsTests {
    private func pingAsNobody(_ path: String) async throws -> String {
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.connect(sys.argv[1])
            try:
                s.sendall(b'{"jsonrpc":"2.0","method":"ping","id":1}\\n')
            except OSError:
                pass
            data = b''
            while not data.endswith(b'\\n'):
                try:
                    chunk = s.recv(4096)
                except OSError:
                    break
                if not chunk: break
                data += chunk
            print(data.decode().strip() or 'EOF')
            """
        let client = try ServerProcess(
            executable: "/usr/bin/setpriv",
            arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, path])
        client.closeInput()
        let line = try await client.nextLine()
        _ = try await client.waitForExit()
        return line
    }

    private func startOpenServer(_ extra: [String]) async throws -> TestServer {
        let server = try await TestServer.start(.socket, arguments: extra)
        let path = try #require(server.socketPath)
        // Let other users reach the socket file, so only the SO_PEERCRED check stands in their way.
        chmod(try #require(server.directory).path, 0o755)
        chmod(path, 0o666)
        return server
    }

    @Test("a client running as another uid is refused with an explanation; the server goes on")
    func otherUIDRefused() async throws {
        let server = try await startOpenServer([])
        let answer = try await pingAsNobody(try #require(server.socketPath))
        #expect(answer.contains("Connection refused"))
        #expect(!answer.contains(#""result""#))
        let own = try await server.connect()
        #expect(try await own.call("ping", id: 2)["result"] == [:])
        #expect(try await server.stop() == 0)
        #expect(server.process.stderrLines().contains { $0.contains("connection.refused") && $0.contains("65534") })
    }

    @Test("--allow-uid admits that uid")
    func allowedUID() async throws {
        let server = try await startOpenServer(["--allow-uid", "65534"])
        let answer = try JSONValue.parse(try await pingAsNobody(try #require(server.socketPath)))
        #expect(answer == ["jsonrpc": "2.0", "id": 1, "result": [:]])
        #expect(try await server.stop() == 0)
    }
}
