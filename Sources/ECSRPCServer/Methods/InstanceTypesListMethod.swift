import ECSOperations
import JSON
import JSONRPC

/// `instanceTypes.list` → DescribeInstanceTypes.
enum InstanceTypesListMethod {
    static let name = "instanceTypes.list"
    static let allowed = ECSParameterDecoding.commonNames.union([
        "instanceTypes", "instanceTypeFamily", "nextToken", "maxResults", "all",
    ])

    static func handle(_ parameters: Parameters, _ operations: ECSOperations) async throws -> JSONValue {
        try parameters.rejectUnknown(allowed: allowed)
        let request = ListInstanceTypesRequest(
            options: try ECSParameterDecoding.callOptions(parameters), instanceTypes: try parameters.stringArray("instanceTypes") ?? [],
            instanceTypeFamily: try parameters.string("instanceTypeFamily"), nextToken: try parameters.string("nextToken"),
            maxResults: try ECSParameterDecoding.flexibleInt(parameters, "maxResults"),
            all: try ECSParameterDecoding.flexibleBool(parameters, "all") ?? false)
        return try await operations.listInstanceTypes(request).json
    }
}
