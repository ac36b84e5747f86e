import Foundation
import JSON
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A peer admitted with `--allow-uid` may make ECS calls with the server's credentials, but may not send those calls
/// (which carry the access key id and any STS token, signed) to an endpoint of its own choosing.
@Suite(
    "Admitted peers cannot redirect calls signed with the server's credentials",
    .enabled(
        if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/socat")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        "needs root, setpriv, socat and python3"))
struct PeerEndpointEndToEndTests {
    static let token = "CANARYSECRET123peerToken"

    /// A loopback HTTP listener standing for the peer's own endpoint: prints its port, then one line per request
    /// it receives (the request line and every header, joined), answering each with a 404 JSON error.
    static let captureScript = """
        import http.server, sys
        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a): pass
            def handle_one(self): pass
            def answer(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length).decode(errors='replace') if length else ''
                print('REQUEST ' + self.requestline + ' ' + body.replace('\\n', ' '), flush=True)
                data = b'{"RequestId":"X","Code":"Forbidden","Message":"no"}'
                self.send_response(403); self.send_header('Content-Length', str(len(data))); self.end_headers(); self.wfile.write(data)
            do_GET = answer
            do_POST = answer
        server = http.server.HTTPServer(('127.0.0.1', 0), H)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    @Test("a non-owner peer's endpoint is refused for calls signed with the server's credentials, by JSON-RPC and MCP")
    func endpointRefusedForPeer() async throws {
        let capture = try ServerProcess(executable: "/usr/bin/python3", arguments: ["-c", Self.captureScript])
        defer { capture.signal(SIGKILL) }
        let port = try #require(try await capture.nextLine())
        let scratch = try CredentialsScratch()
        chmod(scratch.path, 0o755)
        let socket = scratch.path + "/ecsrpc.sock"
        let server = try CredentialsChild(
            arguments: ["serve", "--socket", socket, "--allow-uid", "65534", "--max-retries", "0"],
            environment: CredentialsEndToEndTests.environment(
                scratch,
                extra: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIpeerTest00001", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "Peer-Test-Secret-1",
                        "ALIBABA_CLOUD_SECURITY_TOKEN": Self.token]))
        defer { server.kill(SIGKILL) }
        while let line = await server.nextErrorLine(), !line.contains("server.started") {}
        chmod(socket, 0o666)
        let endpoint = "http://127.0.0.1:\(port)"
        let requests = [
            #"{"jsonrpc":"2.0","id":1,"method":"regions.list","params":{"endpoint":"\#(endpoint)"}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"regions_list","arguments":{"endpoint":"\#(endpoint)"}}}"#,
            // With its own keys, a peer may use any endpoint: nothing of the server's is sent.
            #"{"jsonrpc":"2.0","id":3,"method":"regions.list","params":{"endpoint":"\#(endpoint)","accessKeyId":"LTAIown","accessKeySecret":"own-secret"}}"#,
        ]
        func ask(as user: [String]) async throws -> [Int: JSONValue] {
            let client = try CredentialsChild(
                executable: user.isEmpty ? "/usr/bin/socat" : "/usr/bin/setpriv",
                arguments: user + (user.isEmpty ? [] : ["/usr/bin/socat"]) + ["-", "UNIX-CONNECT:" + socket],
                environment: ["PATH": "/usr/bin:/bin"])
            client.write(requests.joined(separator: "\n") + "\n")
            var answers: [Int: JSONValue] = [:]
            while answers.count < requests.count, let line = await client.nextLine() {
                let answer = try JSONValue.parse(line)
                if let id = answer["id"]?.intValue { answers[id] = answer }
            }
            client.closeInput()
            _ = await client.waitForExit()
            return answers
        }
        let stranger = try await ask(as: ["--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(stranger[1]?["error"]?["code"] == -32602, "\(stranger[1]?.serialized() ?? "no answer")")
        #expect(stranger[1]?["error"]?["data"]?["parameter"] == "endpoint")
        #expect(stranger[2]?["result"]?["isError"] == true, "\(stranger[2]?.serialized() ?? "no answer")")
        #expect(stranger[3]?["error"]?["code"] == -32001, "\(stranger[3]?.serialized() ?? "no answer")")
        // The owner may point its own calls anywhere.
        let owner = try await ask(as: [])
        #expect(owner[1]?["error"]?["code"] == -32001, "\(owner[1]?.serialized() ?? "no answer")")
        server.kill(SIGTERM)
        _ = await server.waitForExit()
        capture.signal(SIGKILL)
        let seen = try await capture.remainingLines().joined(separator: "\n")
        // The peer's own-keys call and the owner's three reached the listener; the peer's never carried the token.
        let requestsSeen = seen.split(separator: "\n").filter { $0.hasPrefix("REQUEST") }
        #expect(requestsSeen.count == 1 + 3, "\(seen)")
        #expect(requestsSeen.filter { $0.contains("LTAIown") }.count == 2)
        #expect(requestsSeen.filter { $0.contains(Self.token) }.count == 2, "only the owner's two calls carry the token")
    }
}
