import JSON
import JSONRPC

/// Waiting, guardrails and the MCP server mode, put on top of a filled method table.
public enum AgentLayer {
    /// Call once, after every application method is registered: wraps the actions with `wait` and `confirm`,
    /// adds `instances.wait`, applies the guardrails, and adds the MCP methods whose tools come from the
    /// embedded OpenRPC document.
    public static func register(in assembly: ServiceAssembly, document: JSONValue = OpenRPCDocument.document) {
        let registry = assembly.registry
        let guardrails = assembly.configuration[GuardrailsKey.self]
        InstancesWaitMethod.register(in: registry, source: .throughListMethod(registry))
        GuardrailEnforcement.apply(guardrails, to: registry)
        let catalog = MCPToolCatalog(document: document) { method in
            registry.handler(for: method) != nil && guardrails.refusal(of: method) == nil
        }
        MCPServer(registry: registry, catalog: catalog, guardrails: guardrails).register()
        assembly.logger.debug("mcp.tools", ["tools": .array(catalog.tools.map { .string($0.name) })])
    }
}
