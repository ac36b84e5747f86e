import JSON
import Testing
import TestSupport

/// Every example of the JSON-RPC 2.0 specification's "Examples" section, adapted to named params and the
/// `debug.*` test methods (`subtract` → `debug.subtract`, …), over stdio and over a socket.
@Suite("JSON-RPC 2.0 specification examples")
struct SpecificationExamplesTests {
    /// Sends `line` and returns the next message.
    private func answer(to line: String, on client: any LineClient) async throws -> JSONValue {
        try client.write(line + "\n")
        return try await client.nextMessage()
    }

    /// Sends `line`, then a ping; `nil` when the ping's answer is the next message (nothing answered `line`).
    private func unanswered(_ line: String, on client: any LineClient) async throws -> JSONValue? {
        try client.write(line + "\n")
        try client.sendRequest("ping", id: "fence")
        let first = try await client.nextMessage()
        if first["id"] == "fence" { return Optional<JSONValue>.none }
        return first
    }

    /// Runs `body` against a fresh server; afterwards a ping must be the very next message (nothing stray).
    private func withClient(_ transport: ServedTransport, _ body: (any LineClient) async throws -> Void) async throws {
        let server = try await TestServer.start(transport)
        let client = try await server.connect()
        try await body(client)
        try client.sendRequest("ping", id: "final")
        let final = try await client.nextMessage()
        #expect(final["id"] == "final", "stray message: \(final.serialized())")
        #expect(try await server.stop() == 0)
    }

    @Test("rpc call with named parameters", arguments: ServedTransport.allCases)
    func namedParameters(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let first = try await answer(to: #"{"jsonrpc": "2.0", "method": "debug.subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 1}"#, on: client)
            #expect(first == ["jsonrpc": "2.0", "result": 19, "id": 1])
            let second = try await answer(to: #"{"jsonrpc": "2.0", "method": "debug.subtract", "params": {"minuend": 23, "subtrahend": 42}, "id": 2}"#, on: client)
            #expect(second == ["jsonrpc": "2.0", "result": -19, "id": 2])
            let third = try await answer(to: #"{"jsonrpc": "2.0", "method": "debug.subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}"#, on: client)
            #expect(third == ["jsonrpc": "2.0", "result": 19, "id": 3])
            let fourth = try await answer(to: #"{"jsonrpc": "2.0", "method": "debug.subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}"#, on: client)
            #expect(fourth == ["jsonrpc": "2.0", "result": 19, "id": 4])
        }
    }

    @Test("rpc call with positional parameters gets -32602 (params must be named)", arguments: ServedTransport.allCases)
    func positionalParameters(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: #"{"jsonrpc": "2.0", "method": "debug.subtract", "params": [42, 23], "id": 1}"#, on: client)
            #expect(response["id"] == 1)
            #expect(response["error"]?["code"] == -32602)
            #expect(response["error"]?["data"]?["parameter"] == "params")
            #expect(response["error"]?["data"]?["problem"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("a notification is never answered", arguments: ServedTransport.allCases)
    func notifications(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let update = try await unanswered(#"{"jsonrpc": "2.0", "method": "debug.update", "params": {"values": [1,2,3,4,5]}}"#, on: client)
            #expect(update == Optional<JSONValue>.none)
            let foobar = try await unanswered(#"{"jsonrpc": "2.0", "method": "foobar"}"#, on: client)
            #expect(foobar == Optional<JSONValue>.none)
        }
    }

    @Test("rpc call of a non-existent method", arguments: ServedTransport.allCases)
    func nonExistentMethod(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: #"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#, on: client)
            #expect(response["jsonrpc"] == "2.0")
            #expect(response["id"] == "1")
            #expect(response["error"]?["code"] == -32601)
            #expect(response["error"]?["message"]?.stringValue?.hasPrefix("Method not found") == true)
        }
    }

    @Test("rpc call with invalid JSON", arguments: ServedTransport.allCases)
    func invalidJSON(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: #"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#, on: client)
            #expect(response["id"] == .null)
            #expect(response["error"]?["code"] == -32700)
            #expect(response["error"]?["message"] == "Parse error")
        }
    }

    @Test("rpc call with an invalid Request object", arguments: ServedTransport.allCases)
    func invalidRequestObject(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: #"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#, on: client)
            #expect(response["id"] == .null)
            #expect(response["error"]?["code"] == -32600)
            #expect(response["error"]?["message"] == "Invalid Request")
        }
    }

    @Test("rpc call batch with invalid JSON", arguments: ServedTransport.allCases)
    func batchInvalidJSON(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let line = #"[ {"jsonrpc": "2.0", "method": "debug.sum", "params": {"values": [1,2,4]}, "id": "1"}, {"jsonrpc": "2.0", "method" ]"#
            let response = try await answer(to: line, on: client)
            #expect(response["id"] == .null)
            #expect(response["error"]?["code"] == -32700)
        }
    }

    @Test("rpc call with an empty array", arguments: ServedTransport.allCases)
    func emptyBatch(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: "[]", on: client)
            #expect(response["id"] == .null)
            #expect(response["error"]?["code"] == -32600)
            #expect(response.arrayValue == nil)
        }
    }

    @Test("rpc call with an invalid batch (but not empty)", arguments: ServedTransport.allCases)
    func invalidBatchOfOne(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: "[1]", on: client)
            let elements = try #require(response.arrayValue)
            #expect(elements.count == 1)
            #expect(elements.first?["error"]?["code"] == -32600)
            #expect(elements.first?["id"] == .null)
        }
    }

    @Test("rpc call with an invalid batch", arguments: ServedTransport.allCases)
    func invalidBatch(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let response = try await answer(to: "[1,2,3]", on: client)
            let elements = try #require(response.arrayValue)
            #expect(elements.count == 3)
            for element in elements {
                #expect(element["error"]?["code"] == -32600)
                #expect(element["id"] == .null)
            }
        }
    }

    @Test("rpc call batch", arguments: ServedTransport.allCases)
    func mixedBatch(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let line = """
                [{"jsonrpc": "2.0", "method": "debug.sum", "params": {"values": [1,2,4]}, "id": "1"},\
                {"jsonrpc": "2.0", "method": "debug.notify_hello", "params": {"values": [7]}},\
                {"jsonrpc": "2.0", "method": "debug.subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": "2"},\
                {"foo": "boo"},\
                {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},\
                {"jsonrpc": "2.0", "method": "debug.get_data", "id": "9"}]
                """
            let response = try await answer(to: line, on: client)
            let elements = try #require(response.arrayValue)
            #expect(elements.count == 5)
            #expect(elements.contains(["jsonrpc": "2.0", "result": 7, "id": "1"]))
            #expect(elements.contains(["jsonrpc": "2.0", "result": 19, "id": "2"]))
            #expect(elements.contains { $0["id"] == .null && $0["error"]?["code"] == -32600 })
            #expect(elements.contains { $0["id"] == "5" && $0["error"]?["code"] == -32601 })
            #expect(elements.contains(["jsonrpc": "2.0", "result": ["hello", 5], "id": "9"]))
        }
    }

    @Test("rpc call batch (all notifications) gets no answer at all", arguments: ServedTransport.allCases)
    func notificationBatch(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            let line = #"[{"jsonrpc": "2.0", "method": "debug.notify_sum", "params": {"values": [1,2,4]}}, {"jsonrpc": "2.0", "method": "debug.notify_hello", "params": {"values": [7]}}]"#
            let nothing = try await unanswered(line, on: client)
            #expect(nothing == Optional<JSONValue>.none)
        }
    }

    @Test("ids that are strings, numbers (exact literal) and null are echoed", arguments: ServedTransport.allCases)
    func ids(transport: ServedTransport) async throws {
        try await withClient(transport) { client in
            for id in [#""abc""#, "7", "12345678901234567890123", "1.50", "null", "-0"] {
                try client.write(#"{"jsonrpc":"2.0","method":"ping","id":\#(id)}"# + "\n")
                let line = try await client.nextLine()
                #expect(line.contains(#""id":\#(id)"#), "\(line)")
            }
            try client.write(#"{"jsonrpc":"1.0","method":"ping","id":5}"# + "\n")
            let wrongVersion = try await client.nextMessage()
            #expect(wrongVersion["error"]?["code"] == -32600)
            #expect(wrongVersion["id"] == 5)
            try client.write(#"{"jsonrpc":"2.0","method":"ping","id":{"a":1}}"# + "\n")
            let objectID = try await client.nextMessage()
            #expect(objectID["error"]?["code"] == -32600)
            #expect(objectID["id"] == .null)
        }
    }
}
