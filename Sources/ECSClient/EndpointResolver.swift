/// Picks the endpoint for one call, in this order: the call's own `endpoint`, the configured fixed endpoint,
/// the regional endpoint for `regionId` as the official SDK names it, and the central endpoint.
///
/// A configured endpoint (`serve --endpoint`, `serve --simulator`) pins the destination: a per-call endpoint
/// that names an Alibaba Cloud host (`*.aliyuncs.com`, as the seed examples send) is routed to it too, while a
/// per-call endpoint naming any other host (e.g. another loopback simulator) still wins, unless the fixed endpoint is
/// `pinned` (`serve --simulator`: every call goes to the embedded simulator).
public enum EndpointResolver {
    /// The central endpoint; it answers every region and is where DescribeRegions goes by default.
    public static let centralHost = "ecs.aliyuncs.com"

    /// Regions whose SDK endpoint is not `ecs.<regionId>.aliyuncs.com` (alibabacloud_ecs20140526 `_endpoint_map`).
    static let specialRegionalHosts: [String: String] = [
        "cn-hangzhou": "ecs-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou-finance": "ecs.aliyuncs.com",
        "cn-shanghai-finance-1": "ecs.aliyuncs.com",
        "cn-shenzhen-finance-1": "ecs.aliyuncs.com",
        "cn-north-2-gov-1": "ecs.aliyuncs.com",
    ]

    /// The regional host name for a region, as the official SDK resolves it.
    public static func regionalHost(for regionId: String) -> String {
        specialRegionalHosts[regionId] ?? "ecs.\(regionId).aliyuncs.com"
    }

    /// The endpoint for one call.
    public static func resolve(
        perCall: String?, fixed: ECSEndpoint?, pinned: Bool = false, regionId: String?
    ) throws(ECSClientError) -> ECSEndpoint {
        if let perCall, !perCall.trimmingCharacters(in: .whitespaces).isEmpty {
            let endpoint = try ECSEndpoint(parsing: perCall)
            if let fixed, pinned || endpoint.isAlibabaCloudHost { return fixed }
            return endpoint
        }
        if let fixed { return fixed }
        if let regionId, !regionId.isEmpty { return .https(host: regionalHost(for: regionId)) }
        return .https(host: centralHost)
    }

    /// The endpoint for a call to another product than ECS (e.g. STS), which always names its own endpoint.
    /// A pinned fixed endpoint (`serve --simulator`) takes every call; an unpinned one that is not an Alibaba Cloud
    /// host (a simulator or test double) stands in for Alibaba Cloud hosts too; a fixed ECS host
    /// (`--endpoint ecs-vpc.cn-beijing.aliyuncs.com`) serves ECS only.
    public static func resolve(
        productEndpoint: String, fixed: ECSEndpoint?, pinned: Bool = false
    ) throws(ECSClientError) -> ECSEndpoint {
        let endpoint = try ECSEndpoint(parsing: productEndpoint)
        if let fixed, pinned || (endpoint.isAlibabaCloudHost && !fixed.isAlibabaCloudHost) { return fixed }
        return endpoint
    }

    /// The region named by an endpoint like `ecs.cn-beijing.aliyuncs.com`, if it names one.
    public static func regionId(inHost host: String) -> String? {
        for (region, special) in specialRegionalHosts where special == host && special != centralHost { return region }
        let parts = host.split(separator: ".")
        guard parts.count == 4, parts[0] == "ecs" || parts[0] == "ecs-vpc", parts[2] == "aliyuncs", parts[3] == "com" else {
            return nil
        }
        return String(parts[1])
    }
}
