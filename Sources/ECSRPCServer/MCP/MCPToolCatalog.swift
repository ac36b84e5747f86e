import JSON

/// The MCP tools, derived at run time from the OpenRPC document: method params become the `inputSchema`, the
/// result schema the `outputSchema`; titles and hints come from ``MCPToolProfile``. No schema is written twice.
public struct MCPToolCatalog: Sendable {
    public let tools: [MCPTool]

    /// Params an MCP tool does not offer: progress goes in `_meta.progressToken`, and a model should never handle
    /// cloud secrets (the server signs with its credential store or environment). They stay accepted if sent.
    public static let hiddenParameters: Set<String> = ["progressToken", "accessKeyId", "accessKeySecret", "securityToken"]

    /// - Parameters:
    ///   - document: the OpenRPC document.
    ///   - isAvailable: whether a method may be offered (registered, and allowed by the guardrails).
    public init(
        document: JSONValue, profiles: [MCPToolProfile] = MCPToolProfile.all, isAvailable: (String) -> Bool = { _ in true }
    ) {
        let inliner = JSONSchemaInliner(document: document)
        var methods: [String: JSONValue] = [:]
        for method in document["methods"]?.arrayValue ?? [] {
            let resolved = inliner.inline(method)
            if let name = resolved["name"]?.stringValue { methods[name] = resolved }
        }
        tools = profiles.compactMap { profile in
            guard let method = methods[profile.method], isAvailable(profile.method) else { return nil }
            return Self.tool(profile: profile, method: method)
        }
    }

    /// The tool called `name` (tool name, or the dotted method name).
    public func tool(named name: String) -> MCPTool? {
        tools.first { $0.name == name || $0.method == name }
    }

    /// The `tools` array of a `tools/list` answer.
    public var definitions: JSONValue { .array(tools.map(\.definition)) }

    static func tool(profile: MCPToolProfile, method: JSONValue) -> MCPTool {
        var properties = JSONObject()
        var required: [JSONValue] = []
        for parameter in method["params"]?.arrayValue ?? [] {
            guard let name = parameter["name"]?.stringValue, !hiddenParameters.contains(name), !isAlias(parameter) else {
                continue
            }
            var schema = parameter["schema"]?.objectValue ?? JSONObject()
            if schema["description"] == nil, let text = parameter["description"] ?? parameter["summary"] {
                schema["description"] = text
            }
            properties[name] = .object(schema)
            if parameter["required"]?.boolValue == true { required.append(.string(name)) }
        }
        var input: JSONObject = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { input["required"] = .array(required) }
        input["additionalProperties"] = false

        var output = method["result"]?["schema"]?.objectValue ?? JSONObject()
        let wraps = output["type"]?.stringValue != "object"
        if wraps {
            output = ["type": "object", "properties": ["result": .object(output)], "required": ["result"]]
        }

        var definition: JSONObject = [
            "name": .string(profile.toolName),
            "title": .string(profile.title),
            "description": .string(description(profile: profile, method: method)),
            "inputSchema": .object(input),
            "outputSchema": .object(output),
            "annotations": [
                "title": .string(profile.title),
                "readOnlyHint": .bool(profile.readOnly),
                "destructiveHint": .bool(profile.destructive),
                "idempotentHint": .bool(profile.idempotent),
                "openWorldHint": .bool(profile.openWorld),
            ],
        ]
        definition["_meta"] = ["ecsrpc/method": .string(profile.method)]
        return MCPTool(profile: profile, definition: .object(definition), wrapsResult: wraps)
    }

    /// A param documented only as another name of one already listed ("Alias of regionId."): a model needs one name.
    static func isAlias(_ parameter: JSONValue) -> Bool {
        parameter["x-aliasOf"] != nil || parameter["description"]?.stringValue?.hasPrefix("Alias of ") == true
    }

    static func description(profile: MCPToolProfile, method: JSONValue) -> String {
        // The summary, then advice written for a model; the OpenRPC description (written for programmers) only
        // when there is no advice.
        var parts: [String] = []
        if let summary = method["summary"]?.stringValue, !summary.isEmpty { parts.append(summary) }
        if !profile.guidance.isEmpty {
            parts.append(profile.guidance)
        } else if let text = method["description"]?.stringValue, !text.isEmpty {
            parts.append(text)
        }
        if profile.openWorld {
            parts.append("Credentials come from the server (its credential store or environment); never pass secrets.")
        }
        return parts.joined(separator: "\n\n")
    }
}
