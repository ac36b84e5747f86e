import JSON
import Testing
import TestSupport

@Suite("Concurrency and backpressure")
struct ConcurrencyTests {
    @Test("1,000 requests written at once are each answered exactly once", arguments: ServedTransport.allCases)
    func thousandRequests(transport: ServedTransport) async throws {
        let server = try await TestServer.start(transport, arguments: ["--max-in-flight", "16"])
        let client = try await server.connect()
        var batch: [UInt8] = []
        for id in 0..<1000 {
            let method = id % 10 == 0 ? "debug.sleep" : "ping"
            let params = id % 10 == 0 ? #","params":{"milliseconds":1}"# : ""
            batch += Array(#"{"jsonrpc":"2.0","method":"\#(method)"\#(params),"id":\#(id)}"#.utf8) + [0x0A]
        }
        try client.writeBytes(batch)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let answer = try await client.nextMessage()
            let id = try #require(answer["id"]?.intValue)
            #expect(answer["error"] == nil)
            #expect(seen.insert(id).inserted, "id \(id) answered twice")
        }
        #expect(seen == Set(0..<1000))
        #expect(try await client.call("ping", id: "last")["id"] == "last")
        #expect(try await server.stop() == 0)
    }

    @Test("a sleeping method does not delay ping on the same connection", arguments: ServedTransport.allCases)
    func sleepDoesNotBlockPingOnSameConnection(transport: ServedTransport) async throws {
        let server = try await TestServer.start(transport, arguments: ["--shutdown-timeout", "0.2"])
        let client = try await server.connect()
        try client.sendRequest("debug.sleep", params: ["milliseconds": 600_000], id: "sleeper")
        // The ping answer must arrive while the sleeper still sleeps: ordering, not wall time.
        let first = try await client.call("ping", id: "ping")
        #expect(first["result"] == [:])
        #expect(client.inbox.poll() == nil)
        // Past the shutdown timeout the sleeper is cancelled, and still answered.
        #expect(try await server.stop() == 0)
        let cancelled = try await client.nextMessage()
        #expect(cancelled["id"] == "sleeper")
        #expect(cancelled["error"]?["code"] == -32005)
    }

    @Test("a sleeping method does not delay ping on another connection")
    func sleepDoesNotBlockPingOnOtherConnection() async throws {
        let server = try await TestServer.start(.socket)
        let sleeper = try await server.connect()
        var sleepers: [UInt8] = []
        for id in 0..<64 {
            sleepers += Array(#"{"jsonrpc":"2.0","method":"debug.sleep","params":{"milliseconds":600000},"id":\#(id)}"#.utf8) + [0x0A]
        }
        try sleeper.writeBytes(sleepers)
        let other = try await server.connect()
        for id in 0..<20 {
            #expect(try await other.call("ping", id: .number(JSONNumber(id)))["result"] == [:])
        }
        #expect(sleeper.inbox.poll() == nil)
        server.process.signal(9)
        _ = try await server.process.waitForExit()
        server.directory?.remove()
    }

    @Test("three clients at once on one socket each get their own answers")
    func threeClients() async throws {
        let server = try await TestServer.start(.socket)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for clientNumber in 0..<3 {
                group.addTask {
                    let client = try await server.connect()
                    for request in 0..<100 {
                        let id = JSONValue.string("c\(clientNumber)-\(request)")
                        let answer = try await client.call(
                            "debug.echo", params: ["client": .number(JSONNumber(clientNumber))], id: id)
                        #expect(answer["id"] == id)
                        #expect(answer["result"]?["client"] == .number(JSONNumber(clientNumber)))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await server.stop() == 0)
    }

    @Test("a client vanishing half-way through a request disturbs nobody")
    func vanishingClient() async throws {
        let server = try await TestServer.start(.socket)
        let steady = try await server.connect()
        #expect(try await steady.call("ping", id: 0)["result"] == [:])
        for round in 0..<5 {
            let vanishing = try await server.connectSocket()
            try vanishing.sendRequest("debug.sleep", params: ["milliseconds": 50], id: 1)
            try vanishing.write(#"{"jsonrpc":"2.0","method":"debug.echo","params":{"half":"#)
            vanishing.disconnect()
            #expect(try await steady.call("ping", id: .number(JSONNumber(round + 1)))["result"] == [:])
        }
        // A vanished client with big answers pending (its socket never read) stalls nobody either.
        let stalled = try await server.connectSocket()
        for id in 0..<20 {
            try stalled.sendRequest("debug.echo", params: ["text": .string(String(repeating: "y", count: 500_000))], id: .number(JSONNumber(id)))
        }
        #expect(try await steady.call("server.info", id: "info")["result"]?["name"] == "ecsrpc")
        stalled.disconnect()
        #expect(try await steady.call("ping", id: "end")["result"] == [:])
        #expect(try await server.stop() == 0)
    }

    @Test("a half-closed client still gets its answers; a hung-up client's requests are cancelled")
    func halfCloseAndHangUp() async throws {
        let server = try await TestServer.start(.socket)
        let halfClosed = try await server.connectSocket()
        try halfClosed.sendRequest("debug.sleep", params: ["milliseconds": 100], id: 1)
        try halfClosed.sendRequest("ping", id: 2)
        halfClosed.finishWriting()
        var ids = Set<Int>()
        for _ in 0..<2 { ids.insert(try #require(try await halfClosed.nextMessage()["id"]?.intValue)) }
        #expect(ids == [1, 2])

        let hungUp = try await server.connectSocket()
        try hungUp.sendRequest("debug.sleep", params: ["milliseconds": 600_000], id: "abandoned")
        #expect(try await hungUp.call("ping", id: "taken")["result"] == [:])
        hungUp.disconnect()
        try await waitUntil("the abandoned request to be cancelled") {
            server.process.stderrLines().contains { $0.contains(#""id":"abandoned""#) && $0.contains("-32005") }
        }
        #expect(try await server.stop() == 0)
    }

    @Test("a handler's notifications reach the same client, before its answer")
    func handlerNotifications() async throws {
        let server = try await TestServer.start(.socket)
        let client = try await server.connect()
        try client.sendRequest("debug.progress", params: ["steps": 3], id: 1)
        for step in 1...3 {
            let note = try await client.nextMessage()
            #expect(note["method"] == "debug.progress")
            #expect(note["params"]?["step"] == .number(JSONNumber(step)))
            #expect(note["id"] == nil)
        }
        #expect(try await client.nextMessage()["result"]?["steps"] == 3)
        #expect(try await server.stop() == 0)
    }
}
