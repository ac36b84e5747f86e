import JSONRPC

/// The one place application methods (ECS, credentials…) are added to the service.
///
/// Each method lives in its own file in this folder; add one line here per method or group.
enum ApplicationMethods {
    static func register(in assembly: ServiceAssembly) async throws {
        let operations = try await ECSBackend.register(in: assembly)
        // Last: waiting, guardrails and MCP wrap what is registered above.
        AgentLayer.register(in: assembly, operations: operations)
    }
}
