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
