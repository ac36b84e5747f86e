/// A named set of credentials in the store, with an optional default region and endpoint.
/// Its descriptions and mirror mask the key id and never show the secret or token.
public struct CredentialProfile: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let name: String
    public let credentials: AccessCredentials
    public let regionId: String?
    public let endpoint: String?

    /// Validates every field; throws `.invalidField` naming the field (never echoing a secret).
    public init(
        name: String, accessKeyId: String, accessKeySecret: String, securityToken: String? = nil,
        regionId: String? = nil, endpoint: String? = nil
    ) throws(CredentialStoreError) {
        try ProfileValidation.validateName(name)
        try ProfileValidation.validateToken(accessKeyId, field: "accessKeyId", maxLength: 256)
        try ProfileValidation.validateToken(accessKeySecret, field: "accessKeySecret", maxLength: 1024)
        let token = securityToken.flatMap { $0.isEmpty ? nil : $0 }
        if let token { try ProfileValidation.validateToken(token, field: "securityToken", maxLength: 16384) }
        let region = regionId.flatMap { $0.isEmpty ? nil : $0 }
        if let region { try ProfileValidation.validateRegion(region) }
        let endpointValue = endpoint.flatMap { $0.isEmpty ? nil : $0 }
        if let endpointValue { try ProfileValidation.validateEndpoint(endpointValue) }
        self.name = name
        self.credentials = AccessCredentials(
            accessKeyId: accessKeyId, accessKeySecret: accessKeySecret, securityToken: token)
        self.regionId = region
        self.endpoint = endpointValue
    }

    /// The access key id masked for display.
    public var maskedAccessKeyId: String { credentials.maskedAccessKeyId }

    public var description: String {
        var text = "CredentialProfile(\(name), \(maskedAccessKeyId)"
        if let regionId { text += ", region \(regionId)" }
        if let endpoint { text += ", endpoint \(endpoint)" }
        return text + ")"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": name, "accessKeyId": maskedAccessKeyId, "regionId": regionId as Any,
                "endpoint": endpoint as Any,
            ])
    }
}
