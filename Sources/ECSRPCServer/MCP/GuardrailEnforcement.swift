import JSON
import JSONRPC

/// Applies ``Guardrails`` to a filled method table: refused methods answer -32006, `server.info` and
/// `rpc.discover` list only what may be called, and stop/terminate take `confirm`.
enum GuardrailEnforcement {
    static func apply(_ guardrails: Guardrails, to registry: MethodRegistry) {
        for method in ["instances.stop", "instances.terminate"] {
            guard let action = registry.handler(for: method) else { continue }
            registry.register(method) { parameters, context in
                try await confirmed(action, method: method, guardrails: guardrails, registry: registry, parameters, context)
            }
        }
        for method in registry.methodNames {
            guard let reason = guardrails.refusal(of: method) else { continue }
            let guardrail = guardrails.readOnly && reason.contains("--read-only") ? "read-only" : "allow-methods"
            registry.register(method) { _, _ in
                throw RPCError(
                    .refusedByGuardrail, message: "Refused: \(reason)",
                    data: ["guardrail": .string(guardrail), "method": .string(method)])
            }
        }
        // server.info and rpc.discover stay inline (answered on the reader thread) when they were.
        wrap("server.info", in: registry) { result in
            guard case .object(var object) = result else { return result }
            let methods = object["methods"]?.arrayValue?.filter { guardrails.refusal(of: $0.stringValue ?? "") == nil }
            if let methods { object["methods"] = .array(methods) }
            object["guardrails"] = guardrails.json
            object["mcp"] = ["protocolVersions": .array(MCPProtocol.supportedVersions.map(JSONValue.string))]
            return .object(object)
        }
        if guardrails.isActive {
            wrap("rpc.discover", in: registry) { result in
                guard case .object(var document) = result else { return result }
                let methods = document["methods"]?.arrayValue?.filter {
                    guardrails.refusal(of: $0["name"]?.stringValue ?? "") == nil
                }
                if let methods { document["methods"] = .array(methods) }
                return .object(document)
            }
        }
    }

    /// Re-registers `method` so its result passes through `transform`, inline if it was inline.
    static func wrap(_ method: String, in registry: MethodRegistry, _ transform: @escaping @Sendable (JSONValue) -> JSONValue) {
        if let inline = registry.inlineHandler(for: method) {
            registry.registerInline(method) { parameters, context in transform(try inline(parameters, context)) }
        } else if let handler = registry.handler(for: method) {
            registry.register(method) { parameters, context in transform(try await handler(parameters, context)) }
        }
    }

    /// Without `"confirm": true` (when the guardrail is on), describes what the call would affect and refuses it.
    static func confirmed(
        _ action: @escaping MethodHandler, method: String, guardrails: Guardrails, registry: MethodRegistry,
        _ parameters: Parameters, _ context: MethodContext
    ) async throws -> JSONValue {
        let confirm = try parameters.bool("confirm") ?? false
        var forwarded = parameters.object
        forwarded.removeValue(forKey: "confirm")
        let dryRun = (try? parameters.bool("dryRun", aliases: ["dry_run"])) == true
        guard guardrails.needsConfirmation(method), !confirm, !dryRun else {
            return try await action(Parameters(forwarded), context)
        }
        let ids = try parameters.stringArray("instanceIds") ?? []
        guard !ids.isEmpty, let list = registry.handler(for: "instances.list") else {
            return try await action(Parameters(forwarded), context)  // let the action refuse the bad params itself
        }
        var listing = InstancesWaitMethod.callParameters(parameters)
        listing["instanceIds"] = .array(ids.map(JSONValue.string))
        listing["pageSize"] = 100
        let found = try await list(Parameters(listing), context)["body"]?["Instances"]?["Instance"]?.arrayValue ?? []
        let affected: [JSONValue] = found.map { instance in
            ["instanceId": instance["InstanceId"] ?? .null, "instanceName": instance["InstanceName"] ?? .null,
             "status": instance["Status"] ?? .null]
        }
        let foundIds = Set(found.compactMap { $0["InstanceId"]?.stringValue })
        let missing = ids.filter { !foundIds.contains($0) }
        let verb = method == "instances.stop" ? "stop" : "release (delete)"
        let listed = affected.prefix(10).map { entry in
            "\(entry["instanceId"]?.stringValue ?? "?") (\(entry["instanceName"]?.stringValue ?? "unnamed"), \(entry["status"]?.stringValue ?? "?"))"
        }.joined(separator: ", ")
        var message = "Confirmation required: \(method) would \(verb) \(affected.count) instance\(affected.count == 1 ? "" : "s")"
        message += affected.isEmpty ? "" : ": \(listed)\(affected.count > 10 ? ", …" : "")"
        if !missing.isEmpty { message += "; not found: \(missing.joined(separator: ", "))" }
        message += ". Nothing was done; call again with \"confirm\": true to go ahead."
        throw RPCError(
            .refusedByGuardrail, message: message,
            data: ["guardrail": "confirm-destructive", "confirmationRequired": true, "method": .string(method),
                   "wouldAffect": .array(affected), "notFound": .array(missing.map(JSONValue.string)),
                   "retryWith": ["confirm": true]])
    }
}
