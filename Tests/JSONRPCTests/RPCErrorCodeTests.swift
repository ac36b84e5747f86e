import JSON
import JSONRPC
import Testing

@Suite("Error codes")
struct RPCErrorCodeTests {
    @Test(
        "standard codes have the values of the JSON-RPC 2.0 specification",
        arguments: [
            (RPCErrorCode.parseError, -32700), (.invalidRequest, -32600), (.methodNotFound, -32601),
            (.invalidParams, -32602), (.internalError, -32603),
        ])
    func standardCodes(code: RPCErrorCode, expected: Int) {
        #expect(code.rawValue == expected)
    }

    @Test("application codes are reserved in -32000…-32099 as documented")
    func applicationCodes() {
        let expected: [(RPCErrorCode, Int)] = [
            (.ecsServiceError, -32001), (.ecsTransportError, -32002), (.noCredentials, -32003),
            (.credentialStoreError, -32004), (.requestCancelled, -32005), (.refusedByGuardrail, -32006),
            (.waitTimedOut, -32007), (.instanceNotFound, -32008), (.peerNotAllowed, -32009), (.messageTooLarge, -32010),
        ]
        for (code, value) in expected { #expect(code.rawValue == value) }
        for entry in RPCErrorCode.catalog where entry.code.rawValue > -32600 {
            #expect((-32099 ... -32000).contains(entry.code.rawValue), "\(entry.name)")
        }
    }

    @Test("the catalog has unique codes and names")
    func catalogUnique() {
        #expect(Set(RPCErrorCode.catalog.map(\.code)).count == RPCErrorCode.catalog.count)
        #expect(Set(RPCErrorCode.catalog.map(\.name)).count == RPCErrorCode.catalog.count)
    }

    @Test("factories build the documented error objects")
    func factories() {
        let invalid = RPCError.invalidParams(parameter: "regionId", problem: "must be a string")
        #expect(invalid.code == -32602)
        #expect(invalid.data == ["parameter": "regionId", "problem": "must be a string"])
        #expect(invalid.json["message"]?.stringValue?.contains("regionId") == true)
        #expect(RPCError.methodNotFound("x.y").code == -32601)
        #expect(RPCError.methodNotFound("x.y").data?["method"] == "x.y")
        #expect(RPCError.parseError().json == ["code": -32700, "message": "Parse error"])
        #expect(RPCError.invalidRequest().code == -32600)
        #expect(RPCError.internalError().code == -32603)
        #expect(RPCError.cancelled.code == -32005)
        let tooLarge = RPCError.messageTooLarge(byteCount: 10, limit: 5)
        #expect(tooLarge.code == -32010)
        #expect(tooLarge.data == ["bytes": 10, "limit": 5])
        #expect(RPCError(.noCredentials).message == "No credentials")
    }
}
