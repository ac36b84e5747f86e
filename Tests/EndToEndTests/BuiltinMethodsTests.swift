import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import JSON
import Testing
import TestSupport

@Suite("Built-in methods")
struct BuiltinMethodsTests {
    @Test("ping, server.info and rpc.discover answer; other methods get -32601", arguments: ServedTransport.allCases)
    func builtins(transport: ServedTransport) async throws {
        let server = try await TestServer.start(transport, testMethods: false)
        let client = try await server.connect()
        #expect(try await client.call("ping", id: 1) == ["jsonrpc": "2.0", "id": 1, "result": [:]])
        let info = try #require(try await client.call("server.info", id: 2)["result"])
        #expect(info["name"] == "ecsrpc")
        #expect(info["version"] == "0.1.0")
        #expect(info["pid"]?.intValue == Int(server.process.pid))
        #expect(info["transports"] == [.string(transport == .stdio ? "stdio" : "unix-socket")])
        #expect((info["uptimeSeconds"]?.doubleValue ?? -1) >= 0)
        let methods = (info["methods"]?.arrayValue ?? []).compactMap { $0.stringValue }
        #expect(methods.contains("ping") && methods.contains("server.info") && methods.contains("rpc.discover"))
        #expect(!methods.contains { $0.hasPrefix("debug.") })
        let document = try #require(try await client.call("rpc.discover", id: 3)["result"])
        #expect(document["openrpc"]?.stringValue?.hasPrefix("1.3") == true)
        let documented = Set((document["methods"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        #expect(documented == Set(methods))
        #expect(try await client.call("debug.echo", id: 4)["error"]?["code"] == -32601)
        #expect(try await server.stop() == 0)
    }

    @Test("the binary works when copied elsewhere (the schema is compiled in)")
    func copiedBinary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let copy = directory.appending("ecsrpc")
        // Copy with O_CLOEXEC: a server spawned meanwhile by another test must not inherit the open file.
        let contents = try Data(contentsOf: URL(fileURLWithPath: try ECSRPCBinary.path()))
        let fd = open(copy, O_WRONLY | O_CREAT | O_CLOEXEC, 0o755)
        #expect(fd >= 0)
        try RawIO.writeAll(fd: fd, Array(contents))
        close(fd)
        let process = try ServerProcess(executable: copy, arguments: ["serve"])
        let document = try await process.call("rpc.discover", id: 1)
        #expect(document["result"]?["methods"]?.arrayValue?.isEmpty == false)
        process.closeInput()
        #expect(try await process.waitForExit() == 0)
    }
}
