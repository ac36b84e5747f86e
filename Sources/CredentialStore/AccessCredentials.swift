/// A key pair (and optional STS token) ready for signing; its descriptions never show the secret or token.
public struct AccessCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let accessKeyId: String
    public let accessKeySecret: String
    public let securityToken: String?

    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The access key id masked for display.
    public var maskedAccessKeyId: String { AccessKeyMask.mask(accessKeyId) }

    public var description: String {
        "AccessCredentials(\(maskedAccessKeyId)\(securityToken == nil ? "" : ", with security token"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": maskedAccessKeyId, "hasSecurityToken": securityToken != nil])
    }
}
