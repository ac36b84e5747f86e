import JSON
import JSONRPC
import Testing

@Suite("Method registry")
struct MethodRegistryTests {
    @Test("methods, inline methods and notification hooks are found before and after sealing")
    func lookups() throws {
        let registry = MethodRegistry()
        registry.register("a") { _, _ in 1 }
        registry.registerInline("b") { _, _ in 2 }
        registry.registerNotification("c") { _, _ in }
        registry.register("b2") { _, _ in 3 }
        registry.registerInline("b2") { _, _ in 4 }
        for _ in 0..<2 {
            #expect(registry.methodNames == ["a", "b", "b2"])
            #expect(registry.handler(for: "a") != nil && registry.inlineHandler(for: "a") == nil)
            #expect(registry.handler(for: "b") != nil && registry.inlineHandler(for: "b") != nil)
            #expect(registry.notificationHandler(for: "c") != nil && registry.handler(for: "c") == nil)
            let context = MethodContext(requestID: 1, method: "b2", connection: ConnectionInfo(id: 1, transport: .inMemory), logger: .disabled)
            #expect(try registry.inlineHandler(for: "b2")?(Parameters(), context) == 4)
            registry.seal()
            #expect(registry.isSealed)
        }
    }
}

@Suite("Request filters")
struct RequestFilterTests {
    @Test("filters run before every handler, inline or not, and their error refuses the call")
    func refusal() async throws {
        let registry = MethodRegistry()
        registry.register("instances.delete") { _, _ in "deleted" }
        registry.registerInline("ping") { _, _ in [:] }
        registry.addFilter { method, parameters, _ in
            if method.hasSuffix(".delete") && parameters.value("confirm") != true {
                throw RPCError(.refusedByGuardrail, message: "instances.delete needs confirm: true")
            }
        }
        registry.seal()
        let dispatcher = Dispatcher(registry: registry, logger: .disabled)
        let connection = ConnectionInfo(id: 1, transport: .inMemory)
        let refused = await dispatcher.perform(Request(method: "instances.delete", id: 1), control: nil, connection: connection)
        #expect(refused?["error"]?["code"] == -32006)
        let allowed = await dispatcher.perform(
            Request(method: "instances.delete", params: ["confirm": true], id: 2), control: nil, connection: connection)
        #expect(allowed?["result"] == "deleted")
        let ping = dispatcher.performInline(Request(method: "ping", id: 3), control: nil, connection: connection)
        #expect(ping??["result"] == [:])
    }
}
