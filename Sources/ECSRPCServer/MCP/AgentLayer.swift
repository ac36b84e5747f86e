import ECSOperations
import JSON
import JSONRPC

/// Waiting, guardrails and the MCP server mode, put on top of a filled method table.
public enum AgentLayer {
    /// Call once, after every application method is registered: wraps the actions with `wait` and `confirm`,
    /// adds `instances.wait`, applies the guardrails, and adds the MCP methods whose tools come from the
    /// embedded OpenRPC document.
    ///
    /// - Parameter operations: the core waits poll through (DescribeInstanceStatus); without it, waits read
    ///   statuses through the registered `instances.list` method.
    public static func register(
        in assembly: ServiceAssembly, operations: ECSOperations? = nil,
        document: @escaping @Sendable @autoclosure () -> JSONValue = OpenRPCDocument.document
    ) {
        let registry = assembly.registry
        let guardrails = assembly.configuration[GuardrailsKey.self]
        InstancesWaitMethod.register(in: registry, source: operations.map { .core($0) } ?? .throughListMethod(registry))
        GuardrailEnforcement.apply(guardrails, to: registry)
        let logger = assembly.logger
        // Built by the first MCP request that needs it, not at start-up: deriving the tool schemas from the OpenRPC
        // document is most of what `serve` would otherwise spend before it can answer.
        let catalog: @Sendable () -> MCPToolCatalog = {
            let catalog = MCPToolCatalog(document: document()) { method in
                registry.handler(for: method) != nil && guardrails.refusal(of: method) == nil
            }
            logger.debug("mcp.tools", ["tools": .array(catalog.tools.map { .string($0.name) })])
            return catalog
        }
        MCPServer(registry: registry, catalog: catalog, guardrails: guardrails).register()
    }

    /// Params of `method` that the agent layer takes before the method's own handler runs (`wait`,
    /// `progressToken`, `confirm`); documented on the method, never seen by its handler.
    public static func wrapperParameters(for method: String) -> Set<String> {
        var names: Set<String> = []
        if InstancesWaitMethod.actionTargets[method] != nil { names.formUnion(["wait", "progressToken"]) }
        if MCPToolProfile.find(method)?.needsConfirmation == true { names.insert("confirm") }
        return names
    }
}
