import ECSOperations
import JSON
import JSONRPC

/// `instances.create` → RunInstances (with default network picking).
enum InstancesCreateMethod {
    static let name = "instances.create"
    static let allowed = ECSParameterDecoding.commonNames.union([
        "imageId", "instanceType", "systemDiskSize", "systemDiskCategory", "instanceName", "hostName", "description",
        "uniqueSuffix", "amount", "password", "dry_run", "dryRun", "securityGroupId", "vSwitchId", "zoneId", "tags",
        "internetMaxBandwidthOut", "internetChargeType", "clientToken",
    ])

    static func handle(_ parameters: Parameters, _ operations: ECSOperations) async throws -> JSONValue {
        try parameters.rejectUnknown(allowed: allowed)
        let request = CreateInstancesRequest(
            options: try ECSParameterDecoding.callOptions(parameters), imageId: try parameters.requiredString("imageId"),
            instanceType: try parameters.requiredString("instanceType"),
            systemDiskSize: try ECSParameterDecoding.flexibleInt(parameters, "systemDiskSize"),
            systemDiskCategory: try parameters.string("systemDiskCategory"), instanceName: try parameters.string("instanceName"),
            hostName: try parameters.string("hostName"), description: try parameters.string("description"),
            uniqueSuffix: try ECSParameterDecoding.flexibleBool(parameters, "uniqueSuffix"),
            amount: try ECSParameterDecoding.flexibleInt(parameters, "amount"), password: try parameters.string("password"),
            dryRun: try ECSParameterDecoding.dryRun(parameters), securityGroupId: try parameters.string("securityGroupId"),
            vSwitchId: try parameters.string("vSwitchId"), zoneId: try parameters.string("zoneId"),
            tags: try ECSParameterDecoding.tags(parameters),
            internetMaxBandwidthOut: try ECSParameterDecoding.flexibleInt(parameters, "internetMaxBandwidthOut"),
            internetChargeType: try parameters.string("internetChargeType"), clientToken: try parameters.string("clientToken"))
        return try await operations.createInstances(request).json
    }
}
