/// images.list → DescribeImages.
public struct ListImagesRequest: Sendable, Hashable {
    public var options: CallOptions
    public var imageId: String?
    public var imageName: String?
    public var imageOwnerAlias: String?
    public var osType: String?
    public var architecture: String?
    public var instanceType: String?
    public var status: String?
    public var tags: [ResourceTag]
    public var pageNumber: Int?
    public var pageSize: Int?
    /// Walk every page and return one merged body.
    public var all: Bool
    public var dryRun: Bool

    public init(
        options: CallOptions = CallOptions(), imageId: String? = nil, imageName: String? = nil, imageOwnerAlias: String? = nil,
        osType: String? = nil, architecture: String? = nil, instanceType: String? = nil, status: String? = nil,
        tags: [ResourceTag] = [], pageNumber: Int? = nil, pageSize: Int? = nil, all: Bool = false, dryRun: Bool = false
    ) {
        self.options = options
        self.imageId = imageId
        self.imageName = imageName
        self.imageOwnerAlias = imageOwnerAlias
        self.osType = osType
        self.architecture = architecture
        self.instanceType = instanceType
        self.status = status
        self.tags = tags
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.all = all
        self.dryRun = dryRun
    }

    func validate() throws(OperationError) {
        try ParameterRules.regionId(options.regionId)
        try ParameterRules.range(pageNumber, "pageNumber", 1...1_000_000)
        try ParameterRules.range(pageSize, "pageSize", 1...100)
        try ParameterRules.oneOf(imageOwnerAlias, "imageOwnerAlias", ["system", "self", "others", "marketplace"])
        try ParameterRules.tags(tags)
        if all && pageNumber != nil { throw .invalidParameter(name: "all", problem: "cannot be combined with pageNumber") }
    }

    var wireParameters: [String: String] {
        var parameters = ResourceTag.wireParameters(tags)
        parameters["ImageId"] = imageId
        parameters["ImageName"] = imageName
        parameters["ImageOwnerAlias"] = imageOwnerAlias
        parameters["OSType"] = osType
        parameters["Architecture"] = architecture
        parameters["InstanceType"] = instanceType
        parameters["Status"] = status
        parameters["PageNumber"] = pageNumber.map(String.init)
        parameters["PageSize"] = pageSize.map(String.init)
        if dryRun { parameters["DryRun"] = "true" }
        return parameters
    }
}
