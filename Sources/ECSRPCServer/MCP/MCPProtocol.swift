/// Names and numbers of the Model Context Protocol that ecsrpc speaks (revisions 2026-07-28 and 2025-11-25).
///
/// 2026-07-28 is stateless: no handshake, every request carries its version in `_meta` and `server/discover`
/// advertises what the server supports. 2025-11-25 (and 2025-06-18) open with `initialize`. ecsrpc is dual-era.
public enum MCPProtocol {
    /// The stateless revision: per-request `_meta`, `server/discover`.
    public static let modernVersions = ["2026-07-28"]
    /// Revisions negotiated with `initialize`, newest first.
    public static let handshakeVersions = ["2025-11-25", "2025-06-18"]
    /// Every revision served, newest first (what `server/discover` and -32022 list).
    public static var supportedVersions: [String] { modernVersions + handshakeVersions }

    /// `_meta` keys of the 2026-07-28 per-request protocol fields.
    public enum MetaKey {
        public static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
        public static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
        public static let clientInfo = "io.modelcontextprotocol/clientInfo"
        public static let logLevel = "io.modelcontextprotocol/logLevel"
        public static let serverInfo = "io.modelcontextprotocol/serverInfo"
        public static let progressToken = "progressToken"
        /// ecsrpc's own key: the guardrails in force.
        public static let guardrails = "ecsrpc/guardrails"
    }

    /// Method names.
    public enum Method {
        public static let initialize = "initialize"
        public static let initialized = "notifications/initialized"
        public static let discover = "server/discover"
        public static let toolsList = "tools/list"
        public static let toolsCall = "tools/call"
        public static let setLogLevel = "logging/setLevel"
        public static let cancelled = "notifications/cancelled"
        public static let progress = "notifications/progress"
        public static let message = "notifications/message"
        /// The LSP-style cancel that plain JSON-RPC clients send: params `{"id": …}`.
        public static let cancelRequest = "$/cancelRequest"
    }

    /// `UnsupportedProtocolVersion` (2026-07-28).
    public static let unsupportedProtocolVersionCode = -32022
    /// How long a client may cache `tools/list` (2026-07-28 `ttlMs`); the list is fixed for the process's life.
    public static let toolListTTLMilliseconds = 300_000
}
