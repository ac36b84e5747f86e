/// The table of every JSON-RPC error code ecsrpc sends, in one place.
///
/// The standard codes come from the JSON-RPC 2.0 specification; the application codes live in
/// -32000…-32099 and are documented in `schema/openrpc.json` (`components.errors`), which a test keeps in step.
public struct RPCErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    // MARK: - JSON-RPC 2.0

    /// Invalid JSON was received (not JSON, or not UTF-8).
    public static let parseError = RPCErrorCode(rawValue: -32700)
    /// The JSON sent is not a valid request object.
    public static let invalidRequest = RPCErrorCode(rawValue: -32600)
    /// The method does not exist or is not available.
    public static let methodNotFound = RPCErrorCode(rawValue: -32601)
    /// Invalid method parameters; `data` names the parameter and the problem.
    public static let invalidParams = RPCErrorCode(rawValue: -32602)
    /// An internal error of the server.
    public static let internalError = RPCErrorCode(rawValue: -32603)

    // MARK: - Application (-32000…-32099)

    /// ECS answered with an error; `data` carries its code, message and request id.
    public static let ecsServiceError = RPCErrorCode(rawValue: -32001)
    /// ECS could not be reached: connection refused, timeout, TLS failure.
    public static let ecsTransportError = RPCErrorCode(rawValue: -32002)
    /// No credentials were found for the request.
    public static let noCredentials = RPCErrorCode(rawValue: -32003)
    /// The credential store failed (unreadable, locked, malformed).
    public static let credentialStoreError = RPCErrorCode(rawValue: -32004)
    /// The request was cancelled before it finished.
    public static let requestCancelled = RPCErrorCode(rawValue: -32005)
    /// A guardrail (read-only mode, allowed methods, confirmation) refused the request.
    public static let refusedByGuardrail = RPCErrorCode(rawValue: -32006)
    /// Waiting for a resource state timed out.
    public static let waitTimedOut = RPCErrorCode(rawValue: -32007)
    /// A wait's instances stayed absent past the grace period; `data.missing` names them.
    public static let instanceNotFound = RPCErrorCode(rawValue: -32008)
    /// A Unix-socket peer runs as a uid the server does not serve (see `--allow-uid`); sent once, then the
    /// connection closes.
    public static let peerNotAllowed = RPCErrorCode(rawValue: -32009)
    /// The message (line) exceeded `--max-message-bytes`; it was skipped unread.
    public static let messageTooLarge = RPCErrorCode(rawValue: -32010)

    /// One documented entry of the table.
    public struct Entry: Sendable, Hashable {
        public let code: RPCErrorCode
        public let name: String
        public let message: String
    }

    /// Every code with its name and standard message; `schema/openrpc.json` documents the same set.
    public static let catalog: [Entry] = [
        Entry(code: .parseError, name: "ParseError", message: "Parse error"),
        Entry(code: .invalidRequest, name: "InvalidRequest", message: "Invalid Request"),
        Entry(code: .methodNotFound, name: "MethodNotFound", message: "Method not found"),
        Entry(code: .invalidParams, name: "InvalidParams", message: "Invalid params"),
        Entry(code: .internalError, name: "InternalError", message: "Internal error"),
        Entry(code: .ecsServiceError, name: "ECSServiceError", message: "ECS service error"),
        Entry(code: .ecsTransportError, name: "ECSTransportError", message: "ECS transport error"),
        Entry(code: .noCredentials, name: "NoCredentials", message: "No credentials"),
        Entry(code: .credentialStoreError, name: "CredentialStoreError", message: "Credential store error"),
        Entry(code: .requestCancelled, name: "RequestCancelled", message: "Request cancelled"),
        Entry(code: .refusedByGuardrail, name: "RefusedByGuardrail", message: "Refused by guardrail"),
        Entry(code: .waitTimedOut, name: "WaitTimedOut", message: "Wait timed out"),
        Entry(code: .instanceNotFound, name: "InstanceNotFound", message: "Instance not found"),
        Entry(code: .peerNotAllowed, name: "PeerNotAllowed", message: "Peer not allowed"),
        Entry(code: .messageTooLarge, name: "MessageTooLarge", message: "Message too large"),
    ]

    /// The standard message of a code, or "Server error" for an undocumented one.
    public var standardMessage: String {
        Self.catalog.first(where: { $0.code == self })?.message ?? "Server error"
    }

    public var description: String { String(rawValue) }
}
