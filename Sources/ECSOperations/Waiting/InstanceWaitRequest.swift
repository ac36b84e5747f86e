/// A wait in the core: which instances, for which status, as whom and where, and how long and how often.
public struct InstanceWaitRequest: Sendable, Hashable {
    public var options: CallOptions
    public var instanceIds: [String]
    public var target: InstanceTargetStatus
    public var policy: WaitPolicy

    public init(options: CallOptions, instanceIds: [String], target: InstanceTargetStatus, policy: WaitPolicy = WaitPolicy()) {
        self.options = options
        self.instanceIds = instanceIds
        self.target = target
        self.policy = policy
    }

    func validate() throws(OperationError) {
        try ParameterRules.regionId(options.regionId)
        try ParameterRules.instanceIds(instanceIds, required: true)
        if instanceIds.contains(where: \.isEmpty) {
            throw .invalidParameter(name: "instanceIds", problem: "must not contain empty ids")
        }
    }
}
