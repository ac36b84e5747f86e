import HTTPServer

/// Turns an HTTP request into an `ECSRequest`, the way the gateway reads what the official SDKs send:
/// `Action` and the common parameters in the query or form body (RPC v1), or the `x-acs-*` headers (ACS3).
enum ECSRequestDecoder {
    static let apiVersion = "2014-05-26"

    /// Parameters that belong to the protocol, not to the action.
    static let commonParameterNames: Set<String> = [
        "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "BearerToken",
    ]

    /// The format asked for, decidable before anything else can fail: `Format=XML|JSON` when given; else an
    /// Accept header naming only one of them; else JSON for ACS3 and XML for RPC v1, the service's default.
    static func format(of http: HTTPRequest) -> ResponseFormat {
        let pairs = http.queryParameters + http.formParameters
        if let format = pairs.first(where: { $0.name == "Format" })?.value {
            return format.uppercased() == "XML" ? .xml : .json
        }
        let accept = (http.header("accept") ?? "").lowercased()
        if accept.contains("xml") && !accept.contains("json") { return .xml }
        if accept.contains("json") && !accept.contains("xml") { return .json }
        return http.header("authorization") == nil && http.header("x-acs-action") == nil ? .xml : .json
    }

    static func decode(_ http: HTTPRequest) throws(ECSServiceError) -> ECSRequest {
        guard http.method == "GET" || http.method == "POST" else { throw GatewayError.unsupportedMethod }
        guard http.path == "/" else { throw GatewayError.actionNotFound }
        var query: [String: String] = [:]
        for pair in http.queryParameters where query[pair.name] == nil { query[pair.name] = pair.value }
        var all = query
        for pair in http.formParameters where all[pair.name] == nil { all[pair.name] = pair.value }

        guard let action = nonEmpty(all["Action"]) ?? nonEmpty(http.header("x-acs-action")) else {
            throw GatewayError.missingParameter("Action")
        }
        guard let version = nonEmpty(all["Version"]) ?? nonEmpty(http.header("x-acs-version")) else {
            throw GatewayError.missingParameter("Version")
        }
        guard version == apiVersion || version == STSService.apiVersion else { throw GatewayError.actionNotFound }
        let format = format(of: http)

        let style: SignatureStyle
        let accessKeyID: String
        let nonce: String
        let timestamp: String
        if let authorization = http.header("authorization") {
            let parsed = try parseAuthorization(authorization)
            style = .acs3(signedHeaders: parsed.signedHeaders, signature: parsed.signature)
            accessKeyID = parsed.credential
            guard let date = nonEmpty(http.header("x-acs-date")) else { throw GatewayError.missingParameter("x-acs-date") }
            guard let headerNonce = nonEmpty(http.header("x-acs-signature-nonce")) else {
                throw GatewayError.missingParameter("x-acs-signature-nonce")
            }
            for required in ["host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce"]
            where !parsed.signedHeaders.contains(required) {
                throw GatewayError.incompleteSignature("The header \(required) must be signed.")
            }
            for name in parsed.signedHeaders where http.header(name) == nil {
                throw GatewayError.incompleteSignature("The signed header \(name) is missing.")
            }
            if let claimed = http.header("x-acs-content-sha256"), claimed.lowercased() != hashedBody(http.body) {
                throw GatewayError.incompleteSignature("The x-acs-content-sha256 header does not match the body.")
            }
            timestamp = date
            nonce = headerNonce
        } else {
            guard let key = nonEmpty(all["AccessKeyId"]) else { throw GatewayError.missingParameter("AccessKeyId") }
            guard let signature = nonEmpty(all["Signature"]) else { throw GatewayError.missingParameter("Signature") }
            guard let method = nonEmpty(all["SignatureMethod"]) else { throw GatewayError.missingParameter("SignatureMethod") }
            guard method == "HMAC-SHA1" else { throw GatewayError.incompleteSignature("SignatureMethod must be HMAC-SHA1.") }
            if let signatureVersion = all["SignatureVersion"], signatureVersion != "1.0" {
                throw GatewayError.incompleteSignature("SignatureVersion must be 1.0.")
            }
            guard let stamp = nonEmpty(all["Timestamp"]) else { throw GatewayError.missingParameter("Timestamp") }
            guard let rpcNonce = nonEmpty(all["SignatureNonce"]) else { throw GatewayError.missingParameter("SignatureNonce") }
            style = .rpc(signature: signature)
            accessKeyID = key
            timestamp = stamp
            nonce = rpcNonce
        }
        var business = all
        for name in commonParameterNames { business.removeValue(forKey: name) }
        return ECSRequest(
            httpMethod: http.method, action: action, version: version, format: format, accessKeyID: accessKeyID,
            nonce: nonce, timestamp: timestamp, style: style,
            securityToken: nonEmpty(all["SecurityToken"]) ?? nonEmpty(http.header("x-acs-security-token")),
            allParameters: all, businessParameters: business,
            queryParameters: query, http: http)
    }

    static func hashedBody(_ body: [UInt8]) -> String { ACS3Verification.hashedPayload(body) }

    /// Parses `ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex`.
    static func parseAuthorization(_ value: String) throws(ECSServiceError)
        -> (credential: String, signedHeaders: [String], signature: String)
    {
        let prefix = "ACS3-HMAC-SHA256 "
        guard value.hasPrefix(prefix) else {
            throw GatewayError.incompleteSignature("The Authorization header must use ACS3-HMAC-SHA256.")
        }
        var fields: [String: String] = [:]
        for part in value.dropFirst(prefix.count).split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            fields[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        guard let credential = nonEmpty(fields["Credential"]), let headers = nonEmpty(fields["SignedHeaders"]),
            let signature = nonEmpty(fields["Signature"])
        else { throw GatewayError.incompleteSignature("The Authorization header lacks Credential, SignedHeaders or Signature.") }
        return (credential, headers.split(separator: ";").map { $0.lowercased() }, signature)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
