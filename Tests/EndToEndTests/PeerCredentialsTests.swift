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
    /// Connects as uid 65534, sends a ping unless `silent`, and returns the first line it reads ("EOF" if none);
    /// with `readToEnd`, also how the stream then ended: "EOF", "RESET" or "MORE" (more bytes came).
    private func pingAsNobody(_ path: String, silent: Bool = false, readToEnd: Bool = false) async throws
        -> (line: String, end: String?)
    {
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.connect(sys.argv[1])
            try:
                if sys.argv[2] != 'silent':
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
            print(data.decode().strip() or 'EOF', flush=True)
            if sys.argv[3] == 'to-end':
                try:
                    print('MORE' if s.recv(4096) else 'EOF')
                except OSError:
                    print('RESET')
            """
        let client = try ServerProcess(
            executable: "/usr/bin/setpriv",
            arguments: [
                "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, path,
                silent ? "silent" : "ping", readToEnd ? "to-end" : "line",
            ])
        client.closeInput()
        let line = try await client.nextLine()
        let end = readToEnd ? try await client.nextLine() : nil
        _ = try await client.waitForExit()
        return (line, end)
    }

    private func startOpenServer(_ extra: [String]) async throws -> TestServer {
        let server = try await TestServer.start(.socket, arguments: extra)
        let path = try #require(server.socketPath)
        // Let other users reach the socket file, so only the SO_PEERCRED check stands in their way.
        chmod(try #require(server.directory).path, 0o755)
        chmod(path, 0o666)
        return server
    }

    @Test("a client running as another uid gets one -32009 line naming its uid and --allow-uid, then EOF; the server goes on")
    func otherUIDRefused() async throws {
        let server = try await startOpenServer([])
        for silent in [false, true] {
            let (line, end) = try await pingAsNobody(try #require(server.socketPath), silent: silent, readToEnd: true)
            #expect(end == "EOF")
            let answer = try JSONValue.parse(line)
            #expect(answer["jsonrpc"] == "2.0")
            #expect(answer["id"] == .null)
            #expect(answer["result"] == nil)
            #expect(answer["error"]?["code"] == -32009)
            #expect(answer["error"]?["data"]?["uid"] == 65534)
            let message = try #require(answer["error"]?["message"]?.stringValue)
            #expect(message.contains("uid 65534 is not allowed") && message.contains("--allow-uid"))
        }
        let own = try await server.connect()
        #expect(try await own.call("ping", id: 2)["result"] == [:])
        #expect(try await server.stop() == 0)
        #expect(server.process.stderrLines().contains { $0.contains("connection.refused") && $0.contains("65534") })
    }

    @Test("--allow-uid admits that uid")
    func allowedUID() async throws {
        let server = try await startOpenServer(["--allow-uid", "65534"])
        let answer = try JSONValue.parse(try await pingAsNobody(try #require(server.socketPath)).line)
        #expect(answer == ["jsonrpc": "2.0", "id": 1, "result": [:]])
        #expect(try await server.stop() == 0)
    }
}
