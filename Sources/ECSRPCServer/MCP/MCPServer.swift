import JSON
import JSONRPC
import Synchronization

/// The MCP server mode: `initialize`/`server/discover`, `tools/list`, `tools/call`, `logging/setLevel` and
/// cancellation, added to the same method table as the plain JSON-RPC methods, on every transport.
///
/// Nothing switches modes: a client that opens with `initialize` (2025-11-25) or sends 2026-07-28 `_meta` gets
/// MCP answers from these methods, and plain JSON-RPC clients keep calling the methods directly.
final class MCPServer: Sendable {
    let registry: MethodRegistry
    let guardrails: Guardrails
    let sessions = MCPSessions()
    private let makeCatalog: @Sendable () -> MCPToolCatalog
    private let madeCatalog = Mutex<MCPToolCatalog?>(nil)

    /// - Parameter catalog: builds the tools; called once, by the first request that needs them.
    init(registry: MethodRegistry, catalog: @escaping @Sendable () -> MCPToolCatalog, guardrails: Guardrails) {
        self.registry = registry
        self.makeCatalog = catalog
        self.guardrails = guardrails
    }

    /// The tools this server offers.
    var catalog: MCPToolCatalog {
        madeCatalog.withLock { made in
            if let made { return made }
            let catalog = makeCatalog()
            made = catalog
            return catalog
        }
    }

    static let serverInfo: JSONValue = [
        "name": .string(ServerVersion.name), "title": "ecsrpc — Alibaba Cloud ECS",
        "version": .string(ServerVersion.version),
    ]

    static let capabilities: JSONValue = ["tools": ["listChanged": false], "logging": [:]]

    var instructions: String {
        var text = "ecsrpc drives Alibaba Cloud ECS (or its local simulator). Usual flow: regions_list → images_list "
            + "and instanceTypes_list → instances_create with wait: true → instances_list → instances_stop / "
            + "instances_start / instances_reboot / instances_terminate (wait: true returns when they are done). "
            + "instances_wait waits for a state and reports progress. Credentials belong to the server; never pass "
            + "or ask for secrets."
        if !guardrails.summary.isEmpty { text += " " + guardrails.summary }
        return text
    }

    func register() {
        registry.register(MCPProtocol.Method.initialize) { [self] parameters, context in
            initialize(parameters, context)
        }
        registry.registerNotification(MCPProtocol.Method.initialized) { _, _ in }
        registry.register(MCPProtocol.Method.discover) { [self] parameters, _ in
            let meta = try MCPRequestMeta(parameters)
            return decorate(discoverResult, meta: meta, cacheable: true)
        }
        registry.register(MCPProtocol.Method.toolsList) { [self] parameters, _ in
            let meta = try MCPRequestMeta(parameters)
            return decorate(["tools": catalog.definitions], meta: meta, cacheable: true)
        }
        registry.register(MCPProtocol.Method.toolsCall) { [self] parameters, context in
            try await MCPToolCall(server: self).run(parameters, context)
        }
        registry.register(MCPProtocol.Method.setLogLevel) { [self] parameters, context in
            let name = try parameters.requiredString("level")
            guard let level = MCPLogLevel(name: name) else {
                throw RPCError.invalidParams(
                    parameter: "level", problem: "must be one of " + MCPLogLevel.allCases.map(\.name).joined(separator: ", "))
            }
            sessions.update(context.connection.id) { $0.logLevel = level }
            return .object(JSONObject())
        }
        registry.registerNotification(MCPProtocol.Method.cancelled) { [self] parameters, context in
            guard let raw = parameters.object["requestId"], let id = RequestID(raw), id != .null else { return }
            let withheld = sessions.withhold(id, connection: context.connection.id)
            let cancelled = context.cancelRequest(id)
            context.logger.debug(
                "request.cancel", ["target": id.json, "found": .bool(cancelled), "withheld": .bool(withheld),
                                   "reason": parameters.object["reason"] ?? .null])
        }
        registry.registerNotification(MCPProtocol.Method.cancelRequest) { parameters, context in
            guard let raw = parameters.object["id"], let id = RequestID(raw), id != .null else { return }
            let cancelled = context.cancelRequest(id)
            context.logger.debug("request.cancel", ["target": id.json, "found": .bool(cancelled)])
        }
    }

    /// 2025-11-25 (and 2025-06-18) handshake: the client's revision when supported, else the newest handshake one.
    func initialize(_ parameters: Parameters, _ context: MethodContext) -> JSONValue {
        let requested = parameters.object["protocolVersion"]?.stringValue
        let version = requested.flatMap { MCPProtocol.handshakeVersions.contains($0) ? $0 : nil }
            ?? MCPProtocol.handshakeVersions[0]
        sessions.update(context.connection.id) { $0.handshakeVersion = version }
        context.logger.info(
            "mcp.initialize", ["requested": requested.map(JSONValue.string) ?? .null, "protocolVersion": .string(version),
                               "client": parameters.object["clientInfo"]?["name"] ?? .null])
        return ["protocolVersion": .string(version), "capabilities": Self.capabilities, "serverInfo": Self.serverInfo,
                "instructions": .string(instructions), "_meta": [MCPProtocol.MetaKey.guardrails: guardrails.json]]
    }

    var discoverResult: JSONValue {
        ["supportedVersions": .array(MCPProtocol.supportedVersions.map(JSONValue.string)),
         "capabilities": Self.capabilities, "instructions": .string(instructions)]
    }

    /// Adds what 2026-07-28 results carry (`resultType`, `_meta` with `serverInfo`; `ttlMs`/`cacheScope` for
    /// cacheable lists); handshake-era results stay as they were.
    func decorate(_ result: JSONValue, meta: MCPRequestMeta, cacheable: Bool = false) -> JSONValue {
        guard case .object(var object) = result else { return result }
        if meta.isModern || object["supportedVersions"] != nil {
            object["resultType"] = "complete"
            var resultMeta = object["_meta"]?.objectValue ?? JSONObject()
            resultMeta[MCPProtocol.MetaKey.serverInfo] = Self.serverInfo
            resultMeta[MCPProtocol.MetaKey.guardrails] = guardrails.json
            object["_meta"] = .object(resultMeta)
            if cacheable {
                object["ttlMs"] = .number(JSONNumber(MCPProtocol.toolListTTLMilliseconds))
                object["cacheScope"] = "private"
            }
        }
        return .object(object)
    }

    /// Sends `notifications/message` when the request (2026-07-28 `_meta`) or the connection (`logging/setLevel`)
    /// asked for messages at `level` or above.
    func log(_ level: MCPLogLevel, _ data: JSONValue, meta: MCPRequestMeta, context: MethodContext) async {
        let threshold = meta.isModern ? meta.logLevel : (meta.logLevel ?? sessions.session(context.connection.id).logLevel)
        guard let threshold, level >= threshold else { return }
        await context.notify(
            method: MCPProtocol.Method.message, params: ["level": .string(level.name), "logger": "ecsrpc", "data": data])
    }
}
