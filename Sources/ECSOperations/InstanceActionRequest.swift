/// The four batch actions on existing instances.
public enum InstanceAction: String, Sendable, CaseIterable {
    case start, stop, reboot, terminate

    /// The ECS action name.
    public var ecsAction: String {
        switch self {
        case .start: "StartInstances"
        case .stop: "StopInstances"
        case .reboot: "RebootInstances"
        case .terminate: "DeleteInstances"
        }
    }
}

/// instances.start / stop / reboot / terminate → Start/Stop/Reboot/DeleteInstances (`InstanceId.N`, 100 per call).
public struct InstanceActionRequest: Sendable, Hashable {
    public var action: InstanceAction
    public var options: CallOptions
    public var instanceIds: [String]
    /// stop: `ForceStop`; terminate: `Force` (release running instances too).
    public var force: Bool?
    /// stop only: `StopCharging` or `KeepCharging`.
    public var stoppedMode: String?
    public var dryRun: Bool

    public init(
        action: InstanceAction, options: CallOptions = CallOptions(), instanceIds: [String], force: Bool? = nil,
        stoppedMode: String? = nil, dryRun: Bool = false
    ) {
        self.action = action
        self.options = options
        self.instanceIds = instanceIds
        self.force = force
        self.stoppedMode = stoppedMode
        self.dryRun = dryRun
    }

    func validate() throws(OperationError) {
        try ParameterRules.regionId(options.regionId)
        try ParameterRules.instanceIds(instanceIds, required: true)
        if force != nil && action != .stop && action != .terminate {
            throw .invalidParameter(name: "force", problem: "applies only to instances.stop and instances.terminate")
        }
        if stoppedMode != nil && action != .stop {
            throw .invalidParameter(name: "stoppedMode", problem: "applies only to instances.stop")
        }
        try ParameterRules.oneOf(stoppedMode, "stoppedMode", ParameterRules.stoppedModes)
    }

    /// The parameters for one call naming at most 100 `ids`.
    func wireParameters(ids: [String]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (index, id) in ids.enumerated() { parameters["InstanceId.\(index + 1)"] = id }
        if let force {
            parameters[action == .stop ? "ForceStop" : "Force"] = force ? "true" : "false"
        }
        parameters["StoppedMode"] = stoppedMode
        if dryRun { parameters["DryRun"] = "true" }
        return parameters
    }
}
