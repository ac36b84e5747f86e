/// What one call says about its credentials; every field may be absent (empty strings count as absent).
public struct CallCredentialsRequest: Sendable, Hashable {
    public var accessKeyId: String?
    public var accessKeySecret: String?
    public var securityToken: String?
    /// A named credential profile, for providers that have profiles.
    public var profile: String?
    public var regionId: String?

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
}
