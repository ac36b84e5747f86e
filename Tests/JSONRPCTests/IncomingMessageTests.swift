import JSON
import JSONRPC
import Testing

@Suite("Decoding requests")
struct IncomingMessageTests {
    private func decode(_ text: String) -> DecodedLine { DecodedLine(line: Array(text.utf8)) }

    @Test("a request, a notification and a request with id null")
    func kinds() {
        #expect(decode(#"{"jsonrpc":"2.0","method":"ping","id":1}"#) == .single(.request(Request(method: "ping", id: 1))))
        #expect(decode(#"{"jsonrpc":"2.0","method":"ping"}"#) == .single(.notification(Request(method: "ping", id: nil))))
        #expect(decode(#"{"jsonrpc":"2.0","method":"ping","id":null}"#) == .single(.request(Request(method: "ping", id: .null))))
    }

    @Test("a number id keeps its exact literal")
    func numberLiteral() throws {
        guard case .single(.request(let request)) = decode(#"{"jsonrpc":"2.0","method":"m","id":1.50}"#) else {
            Issue.record("not a request")
            return
        }
        #expect(request.id?.json.serialized() == "1.50")
    }

    @Test(
        "invalid request objects get -32600 with the id when it is usable",
        arguments: [
            (#"{"jsonrpc":"1.0","method":"m","id":3}"#, RequestID.number(JSONNumber(3))),
            (#"{"method":"m","id":"a"}"#, .string("a")),
            (#"{"jsonrpc":"2.0","method":7,"id":4}"#, .number(JSONNumber(4))),
            (#"{"jsonrpc":"2.0","method":"m","params":"bar","id":5}"#, .number(JSONNumber(5))),
            (#"{"jsonrpc":"2.0","method":"m","id":{"x":1}}"#, .null),
            (#"{"jsonrpc":"2.0","method":"m","id":true}"#, .null),
            ("42", .null),
        ])
    func invalidRequests(text: String, id: RequestID) {
        guard case .single(.invalid(let answerID, let error)) = decode(text) else {
            Issue.record("expected invalid: \(text)")
            return
        }
        #expect(answerID == id)
        #expect(error.code == -32600)
    }

    @Test("not JSON, not UTF-8: -32700; empty batch: -32600")
    func failures() {
        guard case .failure(let parse) = decode("{nope") else { Issue.record("no failure"); return }
        #expect(parse.code == -32700)
        guard case .failure(let utf8) = DecodedLine(line: [0x22, 0xFF, 0x22]) else { Issue.record("no failure"); return }
        #expect(utf8.code == -32700)
        guard case .failure(let empty) = decode("[]") else { Issue.record("no failure"); return }
        #expect(empty.code == -32600)
    }

    @Test("a batch keeps its order and judges each element")
    func batch() {
        guard case .batch(let messages) = decode(#"[1,{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"b"}]"#) else {
            Issue.record("not a batch")
            return
        }
        #expect(messages.count == 3)
        if case .invalid = messages[0] {} else { Issue.record("first should be invalid") }
        #expect(messages[1] == .request(Request(method: "a", id: 1)))
        #expect(messages[2] == .notification(Request(method: "b", id: nil)))
    }

    @Test("a batch of more than 50,000 elements is one -32600 error, not 50,001 answers")
    func oversizedBatch() {
        func batch(of count: Int) -> DecodedLine {
            DecodedLine(line: Array(("[" + Array(repeating: "1", count: count).joined(separator: ",") + "]").utf8))
        }
        guard case .batch(let largest) = batch(of: 50_000) else { Issue.record("50,000 elements should be a batch"); return }
        #expect(largest.count == 50_000)
        guard case .failure(let error) = batch(of: 50_001) else { Issue.record("50,001 elements should be refused"); return }
        #expect(error.code == -32600)
        #expect(error.data?["reason"]?.stringValue?.contains("50001") == true)
    }

    @Test("responses have the exact JSON-RPC shape")
    func responses() {
        #expect(Response.success(id: 1, result: 19).serialized() == #"{"jsonrpc":"2.0","id":1,"result":19}"#)
        #expect(Response.failure(id: .null, error: .parseError()).serialized()
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#)
        #expect(Response.notification(method: "n", params: [:]).serialized() == #"{"jsonrpc":"2.0","method":"n","params":{}}"#)
    }
}
