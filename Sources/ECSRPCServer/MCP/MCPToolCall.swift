import JSON
import JSONRPC

/// One `tools/call`: finds the tool, runs the same handler as the plain JSON-RPC method, and answers a result —
/// errors included, as `isError` results a model can act on. A call its client cancelled gets no answer.
struct MCPToolCall {
    let server: MCPServer

    func run(_ parameters: Parameters, _ context: MethodContext) async throws -> JSONValue {
        let meta = try MCPRequestMeta(parameters)
        let name = try parameters.requiredString("name")
        guard let tool = server.catalog.tool(named: name) else {
            var problem = "is not a tool of this server"
            if let profile = MCPToolProfile.find(name), let reason = server.guardrails.refusal(of: profile.method) {
                problem = "is not offered: \(reason)"
            }
            throw RPCError(
                .invalidParams, message: "Unknown tool: \(name) \(problem)",
                data: ["parameter": "name", "problem": .string(problem), "tool": .string(name)])
        }
        guard let handler = server.registry.handler(for: tool.method) else {
            throw RPCError(.invalidParams, message: "Unknown tool: \(name)", data: ["parameter": "name", "tool": .string(name)])
        }
        var arguments = try parameters.object("arguments") ?? JSONObject()
        if let token = meta.progressToken { arguments["progressToken"] = token }

        let id = context.requestID ?? .null
        let connection = context.connection.id
        server.sessions.begin(id, connection: connection)
        await server.log(.debug, ["tool": .string(tool.name), "event": "started"], meta: meta, context: context)
        let start = ContinuousClock.now
        let outcome: Result<JSONValue, any Error>
        do {
            // The registry's filters saw `tools/call`, not the tool's arguments.
            try PeerEndpointGuard.check(arguments, context: context)
            outcome = .success(try await handler(Parameters(arguments), context))
        } catch {
            outcome = .failure(error)
        }
        let cancelledAt = server.sessions.end(id, connection: connection)
        let milliseconds = Self.milliseconds(ContinuousClock.now - start)

        switch outcome {
        case .success(let result):
            await server.log(
                .info, ["tool": .string(tool.name), "event": "finished", "durationMs": .number(JSONNumber(milliseconds))],
                meta: meta, context: context)
            return server.decorate(MCPToolResult.success(tool: tool, result: result), meta: meta)
        case .failure(let error):
            let mapped = RPCErrorMapping.rpcError(for: error)
            if mapped.code == RPCErrorCode.requestCancelled.rawValue || error is CancellationError || Task.isCancelled {
                if let cancelledAt {
                    // How long the call took to stop once the client cancelled it: the figure that must stay small.
                    context.logger.info(
                        "request.cancelled", ["tool": .string(tool.name), "answer": "withheld",
                                              "stopped_after_cancel_ms": .number(JSONNumber(Self.milliseconds(.now - cancelledAt)))])
                    throw AnswerWithheld()
                }
                // Cancelled by `$/cancelRequest` (or the client went away): -32005, whatever the layer below threw.
                if mapped.code == RPCErrorCode.requestCancelled.rawValue { throw error }
                throw CancellationError()
            }
            let scrubbed = Redaction.scrub(mapped, secrets: Redaction.secretValues(in: .object(arguments)))
            await server.log(
                .warning, ["tool": .string(tool.name), "event": "failed", "code": .number(JSONNumber(scrubbed.code)),
                           "message": .string(scrubbed.message)], meta: meta, context: context)
            let failure = MCPToolResult.failure(
                method: tool.method, code: scrubbed.code, message: scrubbed.message, data: scrubbed.data)
            return server.decorate(failure, meta: meta)
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 10).rounded() / 10
    }
}
