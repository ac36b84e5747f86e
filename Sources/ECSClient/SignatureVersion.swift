/// Which of Alibaba Cloud's two request-signing schemes the client uses.
public enum SignatureVersion: String, Sendable, CaseIterable {
    /// RPC signature 1.0: HMAC-SHA1 over the sorted query, `Signature` query parameter (the default).
    case rpcV1 = "v1"
    /// V3: ACS3-HMAC-SHA256 in the `Authorization` header, action and version in `x-acs-*` headers.
    case acs3 = "acs3"
}
