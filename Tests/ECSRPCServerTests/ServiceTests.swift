import Foundation
import Synchronization
import JSON
import JSONRPC
import Testing

@testable import ECSRPCServer

@Suite("Service")
struct ServiceTests {
    private func call(_ service: Service, _ method: String, params: JSONValue? = nil) async -> JSONValue? {
        await service.dispatcher.perform(
            Request(method: method, params: params, id: 1), control: nil,
            connection: ConnectionInfo(id: 1, transport: .inMemory))
    }

    @Test("built-ins answer in memory: ping, server.info, rpc.discover")
    func builtins() async throws {
        var configuration = ServiceConfiguration()
        configuration.socketPath = "/tmp/x.sock"
        configuration.servesStdio = false
        let service = try await Service(configuration: configuration, logger: .disabled)
        #expect(await call(service, "ping")?["result"] == [:])
        let info = await call(service, "server.info")?["result"]
        #expect(info?["transports"] == ["unix-socket"])
        #expect(info?["socketPath"] == "/tmp/x.sock")
        #expect(info?["pid"]?.intValue == Int(ProcessInfo.processInfo.processIdentifier))
        #expect(await call(service, "rpc.discover")?["result"] == OpenRPCDocument.document)
        #expect(await call(service, "ping", params: ["unexpected": 1])?["error"]?["code"] == -32602)
    }

    @Test("test methods exist only when enabled")
    func testMethods() async throws {
        var configuration = ServiceConfiguration()
        #expect(!(try await Service(configuration: configuration, logger: .disabled)).registry.methodNames.contains("debug.echo"))
        configuration.enablesTestMethods = true
        let service = try await Service(configuration: configuration, logger: .disabled)
        #expect(await call(service, "debug.subtract", params: ["minuend": 42, "subtrahend": 23])?["result"] == 19)
    }

    @Test("configuration keys hold values for other parts of the program")
    func configurationKeys() {
        enum Backend: ServiceConfigurationKey { static let defaultValue = "simulator" }
        var configuration = ServiceConfiguration()
        #expect(configuration[Backend.self] == "simulator")
        configuration[Backend.self] = "aliyun"
        #expect(configuration[Backend.self] == "aliyun")
    }

    @Test("errors map in one place: RPCError passes, cancellation is -32005, anything else -32603")
    func errorMapping() {
        struct Opaque: Error {}
        struct Convertible: RPCErrorConvertible { var rpcError: RPCError { RPCError(.waitTimedOut) } }
        #expect(RPCErrorMapping.rpcError(for: RPCError.invalidRequest()).code == -32600)
        #expect(RPCErrorMapping.rpcError(for: CancellationError()).code == -32005)
        #expect(RPCErrorMapping.rpcError(for: Convertible()).code == -32007)
        #expect(RPCErrorMapping.rpcError(for: Opaque()).code == -32603)
    }

    @Test("only the server's own uid and --allow-uid ones are admitted")
    func peerPolicy() {
        let policy = PeerPolicy(ownUID: 1000, allowedUIDs: [1001])
        #expect(policy.admits(uid: 1000))
        #expect(policy.admits(uid: 1001))
        #expect(!policy.admits(uid: 0))
        #expect(!policy.admits(uid: nil))
    }

    @Test("a refused peer gets one JSON-RPC line: id null, -32009, naming its uid and --allow-uid")
    func peerRefusalLine() throws {
        let policy = PeerPolicy(ownUID: 1000, allowedUIDs: [1001])
        #expect(policy.refusalLine(uid: 1000) == nil)
        #expect(policy.refusalLine(uid: 1001) == nil)
        let bytes = try #require(policy.refusalLine(uid: 65534))
        #expect(bytes.last == 0x0A)
        #expect(!bytes.dropLast().contains(0x0A))
        let line = try JSONValue.parse(String(decoding: bytes.dropLast(), as: UTF8.self))
        #expect(line["jsonrpc"] == "2.0")
        #expect(line["id"] == .null)
        #expect(line["error"]?["code"] == -32009)
        #expect(line["error"]?["data"] == ["uid": 65534, "flag": "--allow-uid"])
        let message = try #require(line["error"]?["message"]?.stringValue)
        #expect(message.contains("uid 65534 is not allowed") && message.contains("--allow-uid 65534"))
        let unknown = try #require(policy.refusal(uid: nil))
        #expect(unknown.code == -32009 && unknown.message.contains("--allow-uid") && unknown.data?["uid"] == .null)
    }

    @Test("shutdown actions registered by method providers run once")
    func shutdownActions() async {
        let actions = ShutdownActions()
        let counter = CounterBox()
        actions.add { counter.increment() }
        await actions.runAll()
        await actions.runAll()
        #expect(counter.value == 1)
    }
}

final class CounterBox: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
