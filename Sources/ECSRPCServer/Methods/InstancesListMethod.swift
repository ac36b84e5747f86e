import ECSOperations
import JSON
import JSONRPC

/// `instances.list` → DescribeInstances.
enum InstancesListMethod {
    static let name = "instances.list"
    static let allowed = ECSParameterDecoding.commonNames.union([
        "instanceIds", "status", "instanceName", "zoneId", "tags", "pageNumber", "pageSize", "nextToken", "maxResults",
        "all", "dry_run", "dryRun",
    ])

    static func handle(_ parameters: Parameters, _ operations: ECSOperations) async throws -> JSONValue {
        try parameters.rejectUnknown(allowed: allowed)
        let request = ListInstancesRequest(
            options: try ECSParameterDecoding.callOptions(parameters), instanceIds: try ECSParameterDecoding.instanceIds(parameters),
            status: try parameters.string("status"), instanceName: try parameters.string("instanceName"),
            zoneId: try parameters.string("zoneId"), tags: try ECSParameterDecoding.tags(parameters),
            pageNumber: try ECSParameterDecoding.flexibleInt(parameters, "pageNumber"),
            pageSize: try ECSParameterDecoding.flexibleInt(parameters, "pageSize"), nextToken: try parameters.string("nextToken"),
            maxResults: try ECSParameterDecoding.flexibleInt(parameters, "maxResults"),
            all: try ECSParameterDecoding.flexibleBool(parameters, "all") ?? false, dryRun: try ECSParameterDecoding.dryRun(parameters))
        return try await operations.listInstances(request).json
    }
}
