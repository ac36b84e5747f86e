import JSON
import JSONRPC

/// What an MCP request's `_meta` says: its protocol revision (2026-07-28 requests carry one), the log level it
/// opted into, and its progress token.
struct MCPRequestMeta: Sendable {
    /// The per-request revision; `nil` for handshake-era (or plain) requests.
    var protocolVersion: String?
    var logLevel: MCPLogLevel?
    var progressToken: JSONValue?

    /// Reads `params._meta`; a 2026-07-28 request with an unknown revision gets -32022, one without its
    /// required fields -32602 (as the specification demands).
    init(_ parameters: Parameters) throws(RPCError) {
        let meta = parameters.object["_meta"]?.objectValue ?? JSONObject()
        progressToken = ProgressReporter.token(in: parameters)
        logLevel = meta[MCPProtocol.MetaKey.logLevel]?.stringValue.flatMap(MCPLogLevel.init(name:))
        guard let version = meta[MCPProtocol.MetaKey.protocolVersion] else { return }
        guard case .string(let text) = version, MCPProtocol.supportedVersions.contains(text) else {
            throw RPCError(
                code: MCPProtocol.unsupportedProtocolVersionCode, message: "Unsupported protocol version",
                data: ["supported": .array(MCPProtocol.supportedVersions.map(JSONValue.string)), "requested": version])
        }
        if MCPProtocol.modernVersions.contains(text), meta[MCPProtocol.MetaKey.clientCapabilities]?.objectValue == nil {
            throw RPCError.invalidParams(
                parameter: "_meta.\(MCPProtocol.MetaKey.clientCapabilities)", problem: "is required (an object) in \(text)")
        }
        protocolVersion = text
    }

    /// Whether this is a stateless 2026-07-28 request.
    var isModern: Bool { protocolVersion.map(MCPProtocol.modernVersions.contains) ?? false }
}
