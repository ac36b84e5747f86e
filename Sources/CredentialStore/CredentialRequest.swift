/// What one call says about credentials: explicit keys, a profile name, a region — any of them may be absent.
public struct CredentialRequest: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyId: String?
    public var accessKeySecret: String?
    public var securityToken: String?
    public var profile: String?
    public var regionId: String?

    /// Empty strings count as absent.
    public init(
        accessKeyId: String? = nil, accessKeySecret: String? = nil, securityToken: String? = nil,
        profile: String? = nil, regionId: String? = nil
    ) {
        func present(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        self.accessKeyId = present(accessKeyId)
        self.accessKeySecret = present(accessKeySecret)
        self.securityToken = present(securityToken)
        self.profile = present(profile)
        self.regionId = present(regionId)
    }

    /// True when the call carries any explicit key material.
    public var hasExplicitKeys: Bool { accessKeyId != nil || accessKeySecret != nil || securityToken != nil }

    public var description: String {
        var parts: [String] = []
        if let accessKeyId { parts.append("accessKeyId \(AccessKeyMask.mask(accessKeyId))") }
        if accessKeySecret != nil { parts.append("accessKeySecret ****") }
        if securityToken != nil { parts.append("securityToken ****") }
        if let profile { parts.append("profile \(profile)") }
        if let regionId { parts.append("regionId \(regionId)") }
        return "CredentialRequest(" + parts.joined(separator: ", ") + ")"
    }
}
