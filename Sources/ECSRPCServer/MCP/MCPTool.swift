import JSON

/// One MCP tool: the method it runs, its `tools/list` entry, and how its result becomes `structuredContent`.
public struct MCPTool: Sendable, Hashable {
    public var profile: MCPToolProfile
    /// The `tools/list` entry: name, title, description, inputSchema, outputSchema, annotations.
    public var definition: JSONValue
    /// The method's result schema is not an object, so results travel as `{"result": value}`.
    public var wrapsResult: Bool

    public var name: String { profile.toolName }
    public var method: String { profile.method }

    /// The `structuredContent` of a result of this tool's method.
    public func structuredContent(for result: JSONValue) -> JSONValue {
        wrapsResult ? ["result": result] : result
    }
}
