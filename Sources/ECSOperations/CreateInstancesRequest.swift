/// instances.create → RunInstances (after picking a default vSwitch and security group when they are absent).
public struct CreateInstancesRequest: Sendable, Hashable {
    public var options: CallOptions
    public var imageId: String
    public var instanceType: String
    /// System disk size in GiB (`SystemDisk.Size`).
    public var systemDiskSize: Int?
    public var systemDiskCategory: String?
    public var instanceName: String?
    public var hostName: String?
    public var description: String?
    /// Append `001`, `002`, … to the name and host name of each instance.
    public var uniqueSuffix: Bool?
    public var amount: Int?
    /// Checked by the service, not here, so its own password rules and error apply.
    public var password: String?
    public var dryRun: Bool
    public var securityGroupId: String?
    public var vSwitchId: String?
    public var zoneId: String?
    public var tags: [ResourceTag]
    public var internetMaxBandwidthOut: Int?
    public var internetChargeType: String?
    /// Idempotency key; generated when absent so a retried create never launches twice.
    public var clientToken: String?

    public init(
        options: CallOptions = CallOptions(), imageId: String, instanceType: String, systemDiskSize: Int? = nil,
        systemDiskCategory: String? = nil, instanceName: String? = nil, hostName: String? = nil, description: String? = nil,
        uniqueSuffix: Bool? = nil, amount: Int? = nil, password: String? = nil, dryRun: Bool = false,
        securityGroupId: String? = nil, vSwitchId: String? = nil, zoneId: String? = nil, tags: [ResourceTag] = [],
        internetMaxBandwidthOut: Int? = nil, internetChargeType: String? = nil, clientToken: String? = nil
    ) {
        self.options = options
        self.imageId = imageId
        self.instanceType = instanceType
        self.systemDiskSize = systemDiskSize
        self.systemDiskCategory = systemDiskCategory
        self.instanceName = instanceName
        self.hostName = hostName
        self.description = description
        self.uniqueSuffix = uniqueSuffix
        self.amount = amount
        self.password = password
        self.dryRun = dryRun
        self.securityGroupId = securityGroupId
        self.vSwitchId = vSwitchId
        self.zoneId = zoneId
        self.tags = tags
        self.internetMaxBandwidthOut = internetMaxBandwidthOut
        self.internetChargeType = internetChargeType
        self.clientToken = clientToken
    }

    func validate() throws(OperationError) {
        try ParameterRules.regionId(options.regionId)
        try ParameterRules.required(imageId, "imageId")
        try ParameterRules.required(instanceType, "instanceType")
        try ParameterRules.range(amount, "amount", 1...100)
        try ParameterRules.range(systemDiskSize, "systemDiskSize", 1...2048)
        try ParameterRules.range(internetMaxBandwidthOut, "internetMaxBandwidthOut", 0...100)
        try ParameterRules.oneOf(internetChargeType, "internetChargeType", ["PayByTraffic", "PayByBandwidth"])
        for (value, name) in [(instanceName, "instanceName"), (hostName, "hostName"), (securityGroupId, "securityGroupId"),
            (vSwitchId, "vSwitchId"), (zoneId, "zoneId"), (systemDiskCategory, "systemDiskCategory")]
        {
            try ParameterRules.nonEmpty(value, name)
        }
        if let instanceName, instanceName.count > 128 {
            throw .invalidParameter(name: "instanceName", problem: "must have at most 128 characters")
        }
        try ParameterRules.tags(tags)
        try ParameterRules.clientToken(clientToken)
    }

    /// The RunInstances parameters, given the network resources to use and the (possibly generated) client token.
    func wireParameters(vSwitchId: String?, securityGroupId: String?, zoneId: String?, clientToken: String) -> [String: String] {
        var parameters = ResourceTag.wireParameters(tags)
        parameters["ImageId"] = imageId
        parameters["InstanceType"] = instanceType
        parameters["SystemDisk.Size"] = systemDiskSize.map(String.init)
        parameters["SystemDisk.Category"] = systemDiskCategory
        parameters["InstanceName"] = instanceName
        parameters["HostName"] = hostName
        parameters["Description"] = description
        parameters["UniqueSuffix"] = uniqueSuffix.map { $0 ? "true" : "false" }
        parameters["Amount"] = amount.map(String.init)
        parameters["Password"] = password
        parameters["SecurityGroupId"] = securityGroupId
        parameters["VSwitchId"] = vSwitchId
        parameters["ZoneId"] = zoneId
        parameters["InternetMaxBandwidthOut"] = internetMaxBandwidthOut.map(String.init)
        parameters["InternetChargeType"] = internetChargeType
        parameters["ClientToken"] = clientToken
        if dryRun { parameters["DryRun"] = "true" }
        return parameters
    }
}
