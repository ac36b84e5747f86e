import Foundation
import JSON

/// Limits for autonomous agents, set by `serve --read-only`, `--allow-methods` and `--confirm-destructive`; they
/// apply to plain JSON-RPC and MCP alike.
public struct Guardrails: Sendable, Hashable {
    /// Only methods that change nothing are listed and callable.
    public var readOnly = false
    /// When set, only these methods (dotted names) besides the protocol's own.
    public var allowedMethods: Set<String>?
    /// `instances.stop` and `instances.terminate` need `"confirm": true`; without it they say what they would do.
    public var confirmDestructive = false

    public init(readOnly: Bool = false, allowedMethods: Set<String>? = nil, confirmDestructive: Bool = false) {
        self.readOnly = readOnly
        self.allowedMethods = allowedMethods
        self.confirmDestructive = confirmDestructive
    }

    /// Methods every client may call whatever the guardrails: liveness, discovery and the MCP protocol itself.
    public static let protocolMethods: Set<String> = [
        "ping", "server.info", "rpc.discover", MCPProtocol.Method.initialize, MCPProtocol.Method.initialized,
        MCPProtocol.Method.discover, MCPProtocol.Method.toolsList, MCPProtocol.Method.toolsCall,
        MCPProtocol.Method.setLogLevel, MCPProtocol.Method.cancelled, MCPProtocol.Method.cancelRequest,
    ]

    /// Whether any guardrail is on.
    public var isActive: Bool { readOnly || allowedMethods != nil || confirmDestructive }

    /// Whether `method` may be called; `nil` when allowed, else why not.
    public func refusal(of method: String) -> String? {
        if Self.protocolMethods.contains(method) { return nil }
        if readOnly, !(MCPToolProfile.find(method).map(\.readOnly) ?? MCPToolProfile.readOnlyBuiltins.contains(method)) {
            return "\(method) can change resources and this server runs with --read-only"
        }
        if let allowedMethods, !allowedMethods.contains(method) {
            return "\(method) is not among the methods this server allows (--allow-methods)"
        }
        return nil
    }

    /// Whether `method` needs `"confirm": true` here.
    public func needsConfirmation(_ method: String) -> Bool {
        confirmDestructive && (MCPToolProfile.find(method)?.needsConfirmation ?? false)
    }

    /// `{"readOnly", "allowedMethods", "confirmDestructive"}`, as `server.info` and `initialize` report them.
    public var json: JSONValue {
        ["readOnly": .bool(readOnly),
         "allowedMethods": allowedMethods.map { .array($0.sorted().map(JSONValue.string)) } ?? .null,
         "confirmDestructive": .bool(confirmDestructive)]
    }

    /// One sentence for `initialize`'s instructions; empty when no guardrail is on.
    public var summary: String {
        var parts: [String] = []
        if readOnly { parts.append("read-only (tools that change resources are not offered)") }
        if let allowedMethods { parts.append("only these methods: " + allowedMethods.sorted().joined(separator: ", ")) }
        if confirmDestructive {
            parts.append("stop and terminate need \"confirm\": true (without it they only report what they would do)")
        }
        return parts.isEmpty ? "" : "Guardrails in force: " + parts.joined(separator: "; ") + "."
    }

    /// Parses `--allow-methods` (comma-separated; tool names like `instances_stop` are accepted too).
    public static func methodList(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            return MCPToolProfile.find(trimmed)?.method ?? trimmed
        }.filter { !$0.isEmpty })
    }
}

/// Where `serve`'s guardrail flags are kept in ``ServiceConfiguration``.
public enum GuardrailsKey: ServiceConfigurationKey {
    public static let defaultValue = Guardrails()
}
