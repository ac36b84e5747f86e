/// The key pair (and optional STS token) one ECS call is signed with, plus where it came from.
/// The secret never appears in `description`, so logging a value of this type is safe.
public struct ECSCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var accessKeySecret: String
    public var securityToken: String?
    /// Human-readable origin, e.g. "explicit parameters" or "environment"; never secret.
    public var source: String

    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil, source: String) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
        self.source = source
    }

    public var description: String {
        "ECSCredentials(accessKeyId: \(accessKeyId), source: \(source)\(securityToken == nil ? "" : ", sts"))"
    }
}
