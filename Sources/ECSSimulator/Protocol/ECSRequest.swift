import HTTPServer

/// How a request proves who sent it.
enum SignatureStyle: Sendable, Equatable {
    /// RPC signature 1.0: HMAC-SHA1 in the `Signature` parameter.
    case rpc(signature: String)
    /// V3: ACS3-HMAC-SHA256 in the `Authorization` header.
    case acs3(signedHeaders: [String], signature: String)
}

/// An ECS API request decoded from HTTP: the action, the common parameters, and the business parameters.
struct ECSRequest: Sendable {
    var httpMethod: String
    var action: String
    var version: String
    var format: ResponseFormat
    var accessKeyID: String
    var nonce: String
    var timestamp: String
    var style: SignatureStyle
    /// `SecurityToken` (RPC v1) or `x-acs-security-token` (ACS3): needed with an STS temporary key.
    var securityToken: String?
    /// Every parameter from the query and the form body (what RPC signatures cover).
    var allParameters: [String: String]
    /// The parameters the engine sees: all but the common/signature ones.
    var businessParameters: [String: String]
    /// Query parameters only (what ACS3 signatures cover besides headers).
    var queryParameters: [String: String]
    var http: HTTPRequest

    /// True for a call to the simulated STS rather than ECS.
    var isSTS: Bool { version == STSService.apiVersion }

    /// The region named by the call, for `HostId`.
    var regionID: String? { businessParameters["RegionId"] }
}
