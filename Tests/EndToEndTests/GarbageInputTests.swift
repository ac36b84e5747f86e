import JSON
import Testing
import TestSupport

@Suite("Garbage input")
struct GarbageInputTests {
    /// A small deterministic generator, so a failure can be replayed.
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private static let pieces: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "123456789012345678901234567890",
        "\"jsonrpc\"", "\"2.0\"", "\"method\"", "\"ping\"", "\"id\"", "\"params\"", "\\u0000", "\\ud800", " ", "\r",
        "\"debug.echo\"", "\"debug.sleep\"", "{\"milliseconds\":-1}", String(repeating: "[", count: 80),
    ].map { Array($0.utf8) } + [[0xFF], [0xC3, 0x28], [0x00], [0xED, 0xA0, 0x80]]

    @Test("thousands of random malformed lines, deep nesting and odd requests: every answer is JSON, the server lives")
    func garbage() async throws {
        let server = try await TestServer.start(.socket)
        let client = try await server.connect()
        var generator = Generator(state: 20_261_129)
        var input: [UInt8] = []
        for _ in 0..<3000 {
            for _ in 0..<(1 + generator.next(30)) { input += Self.pieces[generator.next(Self.pieces.count)] }
            input.append(0x0A)
        }
        input += Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000) + [0x0A]
        input += Array(String(repeating: #"{"a":"#, count: 600).utf8) + [0x31] + Array(repeating: UInt8(ascii: "}"), count: 600) + [0x0A]
        try client.writeBytes(input)
        try client.sendRequest("ping", id: "final")
        var answers = 0
        while true {
            let message = try await client.nextMessage()
            if message["id"] == "final" { break }
            answers += 1
            #expect(message["jsonrpc"] == "2.0" || message.arrayValue != nil)
        }
        #expect(answers > 1000)
        // Answers may come out of order; read on until the server.info answer.
        try client.sendRequest("server.info", id: "alive")
        while true {
            let message = try await client.nextMessage()
            if message["id"] == "alive" {
                #expect(message["result"]?["name"] == "ecsrpc")
                break
            }
        }
        #expect(try await server.stop() == 0)
    }
}
