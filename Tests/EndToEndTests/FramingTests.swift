import JSON
import Testing
import TestSupport

@Suite("Framing and bad input")
struct FramingTests {
    @Test("a malformed line, invalid UTF-8 and a 10 MiB line each get an error and the connection goes on",
        arguments: ServedTransport.allCases)
    func badLinesKeepTheConnection(transport: ServedTransport) async throws {
        let server = try await TestServer.start(transport)
        let client = try await server.connect()

        try client.write("this is not json\n")
        let malformed = try await client.nextMessage()
        #expect(malformed["error"]?["code"] == -32700)
        #expect(malformed["id"] == .null)
        #expect(try await client.call("ping", id: 1)["result"] == [:])

        var invalidUTF8 = Array(#"{"jsonrpc":"2.0","method":"debug.echo","params":{"text":""#.utf8)
        invalidUTF8 += [0xC3, 0x28, 0xFF]
        invalidUTF8 += Array(#""},"id":2}"#.utf8) + [0x0A]
        try client.writeBytes(invalidUTF8)
        let badEncoding = try await client.nextMessage()
        #expect(badEncoding["error"]?["code"] == -32700)
        #expect(try await client.call("ping", id: 3)["result"] == [:])

        let huge = #"{"jsonrpc":"2.0","method":"debug.echo","params":{"text":""# + String(repeating: "x", count: 10 * 1024 * 1024) + #""},"id":4}"#
        try client.write(huge + "\n")
        let tooLarge = try await client.nextMessage()
        #expect(tooLarge["error"]?["code"] == -32010)
        #expect(tooLarge["id"] == .null)
        #expect(tooLarge["error"]?["data"]?["limit"] == 4_194_304)
        #expect(try await client.call("ping", id: 5)["result"] == [:])

        #expect(try await server.stop() == 0)
    }

    @Test("CRLF line endings are tolerated and blank lines ignored", arguments: ServedTransport.allCases)
    func lineEndings(transport: ServedTransport) async throws {
        let server = try await TestServer.start(transport)
        let client = try await server.connect()
        try client.write("\n\r\n   \n" + #"{"jsonrpc":"2.0","method":"ping","id":"crlf"}"# + "\r\n\n\n")
        let answer = try await client.nextMessage()
        #expect(answer == ["jsonrpc": "2.0", "id": "crlf", "result": [:]])
        #expect(try await client.call("ping", id: "after")["id"] == "after")
        #expect(try await server.stop() == 0)
    }

    @Test("--max-message-bytes sets the limit; a request exactly at the limit is served")
    func configurableLimit() async throws {
        let request = #"{"jsonrpc":"2.0","method":"ping","id":1}"#
        let server = try await TestServer.start(.stdio, arguments: ["--max-message-bytes", String(request.utf8.count)])
        let client = try await server.connect()
        #expect(try await client.call("ping", id: 1)["result"] == [:])
        try client.write(#"{"jsonrpc":"2.0","method":"ping","id":12}"# + "\n")
        let tooLarge = try await client.nextMessage()
        #expect(tooLarge["error"]?["code"] == -32010)
        #expect(tooLarge["error"]?["data"]?["bytes"] == .number(JSONNumber(request.utf8.count + 1)))
        #expect(try await server.stop() == 0)
    }

    @Test("every answer is exactly one line of JSON, even large ones")
    func largeAnswersAreWholeLines() async throws {
        let server = try await TestServer.start(.socket)
        let client = try await server.connect()
        let text = String(repeating: "abcdefgh", count: 200_000)
        for id in 1...5 {
            try client.sendRequest("debug.echo", params: ["text": .string(text)], id: .number(JSONNumber(id)))
        }
        for _ in 1...5 {
            let answer = try await client.nextMessage()
            #expect(answer["result"]?["text"]?.stringValue?.count == text.count)
        }
        #expect(try await server.stop() == 0)
    }
}

@Suite("Large batches")
struct LargeBatchTests {
    @Test("a batch of 20,000 calls is answered in one array, in bounded concurrency, and the connection goes on")
    func hugeBatch() async throws {
        let server = try await TestServer.start(.socket, arguments: ["--max-in-flight", "32"])
        let client = try await server.connect()
        var line = "["
        for id in 0..<20_000 {
            if id > 0 { line += "," }
            line += id % 2 == 0
                ? #"{"jsonrpc":"2.0","method":"debug.subtract","params":{"minuend":\#(id),"subtrahend":1},"id":\#(id)}"#
                : #"{"jsonrpc":"2.0","method":"debug.notify_sum","params":{"values":[1]}}"#
        }
        try client.write(line + "]\n")
        let answers = try #require(try await client.nextMessage().arrayValue)
        #expect(answers.count == 10_000)
        #expect(Set(answers.compactMap { $0["id"]?.intValue }) == Set(stride(from: 0, to: 20_000, by: 2)))
        #expect(answers.allSatisfy { $0["result"]?.intValue == ($0["id"]?.intValue ?? 0) - 1 })
        #expect(try await client.call("ping", id: "after")["result"] == [:])
        #expect(try await server.stop() == 0)
    }
}
