import Testing

@testable import HTTPServer

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    private func feedOneByteAtATime(_ text: String, parser: inout HTTPRequestParser) throws -> [HTTPRequest] {
        var requests: [HTTPRequest] = []
        for byte in Array(text.utf8) {
            parser.append([byte])
            while let request = try parser.nextRequest() { requests.append(request) }
        }
        return requests
    }

    @Test("pipelined requests fed byte by byte come out whole, bodies included")
    func pipelinedBytewise() throws {
        var parser = HTTPRequestParser()
        let text = "POST /?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n\r\n"
            + "POST / HTTP/1.0\nContent-Length: 0\n\n"
        let requests = try feedOneByteAtATime(text, parser: &parser)
        #expect(requests.count == 3)
        #expect(requests[0].method == "POST")
        #expect(requests[0].body == Array("hello".utf8))
        #expect(requests[0].rawQuery == "a=1")
        #expect(requests[1].path == "/b")
        #expect(requests[1].body.isEmpty)
        #expect(requests[2].version == "HTTP/1.0")
        #expect(!requests[2].wantsKeepAlive)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("headers are found case-insensitively and trimmed")
    func headerLookup() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nX-Acs-Action:  DescribeRegions \r\nconnection: Close\r\n\r\n".utf8))
        let request = try #require(try parser.nextRequest())
        #expect(request.header("x-acs-action") == "DescribeRegions")
        #expect(!request.wantsKeepAlive)
    }

    @Test(
        "malformed heads are refused with the right status",
        arguments: [
            ("GARBAGE\r\n\r\n", 400),
            ("GET /\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
            ("GET / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 413),
        ])
    func malformed(text: String, status: Int) {
        var parser = HTTPRequestParser(maximumHeadBytes: 1024, maximumBodyBytes: 1024)
        parser.append(Array(text.utf8))
        #expect {
            _ = try parser.nextRequest()
        } throws: { error in
            (error as? HTTPParseError)?.status == status
        }
    }

    @Test("a head that never ends is refused once it passes the limit")
    func endlessHead() throws {
        var parser = HTTPRequestParser(maximumHeadBytes: 64)
        parser.append(Array("GET / HTTP/1.1\r\n".utf8))
        // Under the limit an unfinished head is simply not a request yet (no error).
        #expect(try parser.nextRequest() == nil)
        parser.append(Array(repeating: UInt8(ascii: "a"), count: 100))
        #expect(throws: HTTPParseError.headersTooLarge(limit: 64)) { try parser.nextRequest() }
    }

    @Test("form decoding turns + into space and %XX into UTF-8")
    func formDecoding() {
        let pairs = FormDecoding.decode("a=x+y%2A~&b=%E4%B8%AD&c=&d&e=%zz")
        #expect(pairs.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(pairs.map(\.value) == ["x y*~", "中", "", "", "%zz"])
    }

    @Test("the form body is decoded only for the form content type")
    func formBody() {
        var request = HTTPRequest(
            method: "POST", target: "/", headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array("Action=RunInstances&Tag.1.Value=a%20b".utf8))
        #expect(request.formParameters.map(\.value) == ["RunInstances", "a b"])
        request.headers = [("Content-Type", "application/json")]
        #expect(request.formParameters.isEmpty)
    }
}

@Suite("HTTP request parser under random input")
struct HTTPRequestParserFuzzTests {
    @Test("random bytes and mutated requests never crash: each feed yields requests, waits, or throws")
    func randomInput() {
        var generator = SeededGenerator(seed: 42)
        let valid = Array("POST /?Action=A&b=%20 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc".utf8)
        var outcomes = (requests: 0, errors: 0, waiting: 0)
        for round in 0..<2000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            var parser = HTTPRequestParser(maximumHeadBytes: 256, maximumBodyBytes: 64)
            var offset = 0
            feeding: while offset < bytes.count {
                let step = Int.random(in: 1...16, using: &generator)
                parser.append(bytes[offset..<min(bytes.count, offset + step)])
                offset += step
                do {
                    while try parser.nextRequest() != nil { outcomes.requests += 1 }
                } catch {
                    outcomes.errors += 1
                    break feeding
                }
            }
            if offset >= bytes.count { outcomes.waiting += 1 }
        }
        #expect(outcomes.requests > 0)
        #expect(outcomes.errors > 0)
    }
}

/// A small deterministic generator for repeatable fuzzing.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
