import ECSOperations
import JSON
import JSONRPC

/// `images.list` → DescribeImages.
enum ImagesListMethod {
    static let name = "images.list"
    static let allowed = ECSParameterDecoding.commonNames.union([
        "imageId", "imageName", "imageOwnerAlias", "osType", "architecture", "instanceType", "status", "tags",
        "pageNumber", "pageSize", "all", "dry_run", "dryRun",
    ])

    static func handle(_ parameters: Parameters, _ operations: ECSOperations) async throws -> JSONValue {
        try parameters.rejectUnknown(allowed: allowed)
        let request = ListImagesRequest(
            options: try ECSParameterDecoding.callOptions(parameters), imageId: try parameters.string("imageId"),
            imageName: try parameters.string("imageName"), imageOwnerAlias: try parameters.string("imageOwnerAlias"),
            osType: try parameters.string("osType"), architecture: try parameters.string("architecture"),
            instanceType: try parameters.string("instanceType"), status: try parameters.string("status"),
            tags: try ECSParameterDecoding.tags(parameters), pageNumber: try ECSParameterDecoding.flexibleInt(parameters, "pageNumber"),
            pageSize: try ECSParameterDecoding.flexibleInt(parameters, "pageSize"),
            all: try ECSParameterDecoding.flexibleBool(parameters, "all") ?? false, dryRun: try ECSParameterDecoding.dryRun(parameters))
        return try await operations.listImages(request).json
    }
}
