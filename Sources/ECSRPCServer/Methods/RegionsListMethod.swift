import ECSOperations
import JSON
import JSONRPC

/// `regions.list` → DescribeRegions.
enum RegionsListMethod {
    static let name = "regions.list"
    static let allowed = ECSParameterDecoding.commonNames.union(["acceptLanguage"])

    static func handle(_ parameters: Parameters, _ operations: ECSOperations) async throws -> JSONValue {
        try parameters.rejectUnknown(allowed: allowed)
        let request = ListRegionsRequest(
            options: try ECSParameterDecoding.callOptions(parameters), acceptLanguage: try parameters.string("acceptLanguage"))
        return try await operations.listRegions(request).json
    }
}
