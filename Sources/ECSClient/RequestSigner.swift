import ECSSignature

/// Turns one ECS action call into a signed HTTP request, the way the official SDKs do:
/// `POST /` with every business parameter in the query string and an empty body.
/// ACS3 signs `host` and the `x-acs-*` headers (the documented minimal set); `accept` and `user-agent` travel unsigned.
public struct RequestSigner: Sendable {
    public static let apiVersion = "2014-05-26"
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public var signatureVersion: SignatureVersion
    public var userAgent: String
    /// The RPC v1 `Format` value (`JSON` as the core SDK sends; the Tea SDK sends `json`).
    public var format: String

    public init(signatureVersion: SignatureVersion, userAgent: String = "ecsrpc/1.0", format: String = "JSON") {
        self.signatureVersion = signatureVersion
        self.userAgent = userAgent
        self.format = format
    }

    /// Signs `action` with `parameters` for `endpoint` and API `version` (ECS's unless given); `timestamp` and `nonce`
    /// are fixed by tests, fresh otherwise.
    public func sign(
        action: String, parameters: [String: String], endpoint: ECSEndpoint, credentials: ECSCredentials,
        version: String = Self.apiVersion, timestamp: String = RequestClock.timestamp(), nonce: String = RequestClock.nonce()
    ) -> HTTPRequestMessage {
        switch signatureVersion {
        case .rpcV1:
            var all = parameters
            all["Action"] = action
            all["Version"] = version
            all["Format"] = format
            all["Timestamp"] = timestamp
            all["SignatureNonce"] = nonce
            all["SignatureMethod"] = "HMAC-SHA1"
            all["SignatureVersion"] = "1.0"
            all["AccessKeyId"] = credentials.accessKeyId
            if let token = credentials.securityToken { all["SecurityToken"] = token }
            // The canonicalized query is both signed and sent: built once (as `RPCSignature.stringToSign` builds it).
            let canonical = RPCSignature.canonicalizedQuery(all)
            let stringToSign = "POST&" + PercentEncoding.encode("/") + "&" + PercentEncoding.encode(canonical)
            let signature = RPCSignature.signature(stringToSign: stringToSign, accessKeySecret: credentials.accessKeySecret)
            let query = canonical + "&Signature=" + PercentEncoding.encode(signature)
            let headers = [
                "x-acs-action": action, "x-acs-version": version, "user-agent": userAgent, "accept": "application/json",
            ]
            return HTTPRequestMessage(method: "POST", url: endpoint.baseURL + "/?" + query, headers: headers)
        case .acs3:
            var signed = [
                "host": endpoint.authority,
                "x-acs-action": action,
                "x-acs-version": version,
                "x-acs-date": timestamp,
                "x-acs-signature-nonce": nonce,
                "x-acs-content-sha256": Self.emptyPayloadHash,
            ]
            if let token = credentials.securityToken {
                signed["x-acs-security-token"] = token
                signed["x-acs-accesskey-id"] = credentials.accessKeyId
            }
            let canonical = ACS3Signature.canonicalRequest(
                httpMethod: "POST", canonicalURI: "/", query: parameters, signedHeaders: signed,
                hashedPayload: Self.emptyPayloadHash)
            let signature = ACS3Signature.signature(
                stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonical), accessKeySecret: credentials.accessKeySecret)
            var headers = signed
            headers.removeValue(forKey: "host")
            headers["user-agent"] = userAgent
            headers["accept"] = "application/json"
            headers["authorization"] = ACS3Signature.authorization(
                accessKeyId: credentials.accessKeyId, signedHeaders: ACS3Signature.signedHeaderNames(signed), signature: signature)
            let query = ACS3Signature.canonicalQuery(parameters)
            return HTTPRequestMessage(
                method: "POST", url: endpoint.baseURL + "/" + (query.isEmpty ? "" : "?" + query), headers: headers)
        }
    }
}
