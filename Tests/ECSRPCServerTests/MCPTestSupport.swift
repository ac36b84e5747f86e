import Foundation
import JSON
import JSONRPC
import Synchronization

@testable import ECSRPCServer

/// Collects what a connection writes, as JSON, in order; `next()` waits for the next line.
final class MCPMemorySink: LineSink {
    private struct State {
        var buffer: [JSONValue] = []
        var closed = false
        var waiter: CheckedContinuation<JSONValue?, Never>?
    }
    private let state = Mutex(State())

    func send(_ line: [UInt8], onWritten: (@Sendable () -> Void)?) {
        if let value = try? JSONValue.parse(line) {
            let waiter = state.withLock { state -> CheckedContinuation<JSONValue?, Never>? in
                if let waiter = state.waiter {
                    state.waiter = nil
                    return waiter
                }
                state.buffer.append(value)
                return nil
            }
            waiter?.resume(returning: value)
        }
        onWritten?()
    }

    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<JSONValue?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next line, or `nil` once the connection closed and everything was read. One reader at a time.
    func next() async -> JSONValue? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> JSONValue?? in
                if !state.buffer.isEmpty { return .some(state.buffer.removeFirst()) }
                if state.closed { return .some(nil) }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// A tiny stand-in for the ECS methods: instances whose statuses move along a script, one step per
/// `instances.list` call, so waits see Pending → Starting → Running without a simulator.
final class FakeInstances: Sendable {
    private struct State {
        var current: [String: String] = [:]
        var upcoming: [String: [String]] = [:]
        var listCalls = 0
        var stopCalls: [JSONObject] = []
    }
    private let state = Mutex(State())

    /// Sets an instance's status now and the statuses it will show on the next list calls (`nil`: deleted).
    func set(_ id: String, _ status: String?, then upcoming: [String?] = []) {
        state.withLock { state in
            state.current[id] = status
            state.upcoming[id] = upcoming.map { $0 ?? "" }
        }
    }

    var listCalls: Int { state.withLock { $0.listCalls } }
    var stopCalls: [JSONObject] { state.withLock { $0.stopCalls } }

    func register(in registry: MethodRegistry) {
        registry.register("instances.list") { [self] parameters, _ in
            try parameters.rejectUnknown(allowed: ["regionId", "instanceIds", "pageSize"])
            let ids = try parameters.stringArray("instanceIds") ?? []
            let instances: [JSONValue] = state.withLock { state in
                state.listCalls += 1
                let shown: [JSONValue] = ids.compactMap { id in
                    state.current[id].map { ["InstanceId": .string(id), "InstanceName": .string("name-\(id)"), "Status": .string($0)] }
                }
                for (id, queue) in state.upcoming where !queue.isEmpty {
                    let next = queue[0]
                    state.current[id] = next.isEmpty ? nil : next
                    state.upcoming[id] = Array(queue.dropFirst())
                }
                return shown
            }
            return ["body": ["Instances": ["Instance": .array(instances)], "TotalCount": .number(JSONNumber(instances.count)),
                             "RequestId": "LIST-1"], "headers": [:]]
        }
        registry.register("instances.stop") { [self] parameters, _ in
            try parameters.rejectUnknown(allowed: ["regionId", "instanceIds"])
            let ids = try parameters.stringArray("instanceIds") ?? []
            state.withLock { state in
                state.stopCalls.append(parameters.object)
                for id in ids {
                    state.current[id] = "Stopping"
                    state.upcoming[id] = ["Stopping", "Stopped"]
                }
            }
            let responses: [JSONValue] = ids.map {
                ["InstanceId": .string($0), "PreviousStatus": "Running", "CurrentStatus": "Stopping", "Code": "200"]
            }
            return ["body": ["InstanceResponses": ["InstanceResponse": .array(responses)], "RequestId": "STOP-1"], "headers": [:]]
        }
        registry.register("instances.start") { _, _ in
            throw RPCError(
                code: -32001, message: "ECS service error",
                data: ["code": "IncorrectInstanceStatus", "message": "The current status of the resource does not support this operation.",
                       "httpStatus": 403, "requestId": "REQ-START-1", "action": "StartInstances", "retryable": false])
        }
    }
}

/// The agent layer over a fake ECS, driven through a real dispatcher and connection in memory.
struct AgentStack {
    let connection: RPCConnection
    let sink: MCPMemorySink
    let fake: FakeInstances

    init(guardrails: Guardrails = Guardrails()) {
        let registry = MethodRegistry()
        registry.register("ping") { _, _ in .object(JSONObject()) }
        registry.register("server.info") { _, _ in ["name": "ecsrpc", "methods": .array(registry.methodNames.map(JSONValue.string))] }
        fake = FakeInstances()
        fake.register(in: registry)
        var configuration = ServiceConfiguration()
        configuration[GuardrailsKey.self] = guardrails
        AgentLayer.register(
            in: ServiceAssembly(registry: registry, configuration: configuration, logger: .disabled, shutdownActions: ShutdownActions()),
            document: Self.document)
        sink = MCPMemorySink()
        connection = RPCConnection(
            info: ConnectionInfo(id: 7, transport: .inMemory),
            dispatcher: Dispatcher(registry: registry, logger: .disabled, errorMapper: RPCErrorMapping.rpcError(for:)),
            sink: sink)
    }

    /// The embedded document, plus stand-in entries for the fake methods it does not document (yet).
    static let document: JSONValue = {
        guard case .object(var document) = OpenRPCDocument.document else { return OpenRPCDocument.document }
        var methods = document["methods"]?.arrayValue ?? []
        let documented = Set(methods.compactMap { $0["name"]?.stringValue })
        for name in ["instances.list", "instances.stop", "instances.start"] where !documented.contains(name) {
            methods.append([
                "name": .string(name), "summary": .string("Stand-in for \(name)."),
                "params": [["name": "regionId", "required": true, "schema": ["type": "string"]],
                           ["name": "instanceIds", "schema": ["type": "array", "items": ["type": "string"]]]],
                "result": ["name": "result", "schema": ["type": "object", "properties": ["body": ["type": "object"], "headers": ["type": "object"]]]],
            ])
        }
        document["methods"] = .array(methods)
        return .object(document)
    }()

    /// Sends one message (from a thread, as a transport does).
    func send(_ message: JSONValue) {
        let connection = connection
        let bytes = message.serializedBytes()
        Thread { connection.receive(.line(bytes)) }.start()
    }

    func request(_ method: String, _ params: JSONValue? = nil, id: JSONValue) {
        var object: JSONObject = ["jsonrpc": "2.0", "method": .string(method), "id": id]
        if let params { object["params"] = params }
        send(.object(object))
    }

    func notification(_ method: String, _ params: JSONValue) {
        send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// The next line the server wrote (`nil` once it closed).
    func next() async -> JSONValue? { await sink.next() }

    /// Lines up to and including the answer to `id`.
    func until(answer id: JSONValue) async -> (notifications: [JSONValue], answer: JSONValue?) {
        var notifications: [JSONValue] = []
        while let message = await next() {
            if message["id"] == id && message["method"] == nil { return (notifications, message) }
            notifications.append(message)
        }
        return (notifications, nil)
    }

    /// Sends a request and returns its answer, skipping notifications.
    func call(_ method: String, _ params: JSONValue? = nil, id: JSONValue = 1) async -> JSONValue? {
        request(method, params, id: id)
        return await until(answer: id).answer
    }

    /// Ends the input; every later line up to the close.
    func finish() async -> [JSONValue] {
        connection.finishInput()
        var rest: [JSONValue] = []
        while let message = await next() { rest.append(message) }
        return rest
    }
}

extension JSONValue {
    /// The text of an MCP tool result's first content block.
    var toolText: String { self["result"]?["content"]?[0]?["text"]?.stringValue ?? "" }
}
