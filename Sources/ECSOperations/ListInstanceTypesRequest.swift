/// instanceTypes.list → DescribeInstanceTypes (the global catalogue; no region needed).
public struct ListInstanceTypesRequest: Sendable, Hashable {
    public var options: CallOptions
    /// Up to 10 exact type ids (`InstanceTypes.N`).
    public var instanceTypes: [String]
    public var instanceTypeFamily: String?
    public var nextToken: String?
    public var maxResults: Int?
    public var all: Bool

    public init(
        options: CallOptions = CallOptions(), instanceTypes: [String] = [], instanceTypeFamily: String? = nil,
        nextToken: String? = nil, maxResults: Int? = nil, all: Bool = false
    ) {
        self.options = options
        self.instanceTypes = instanceTypes
        self.instanceTypeFamily = instanceTypeFamily
        self.nextToken = nextToken
        self.maxResults = maxResults
        self.all = all
    }

    func validate() throws(OperationError) {
        try ParameterRules.regionId(options.regionId)
        if instanceTypes.count > 10 { throw .invalidParameter(name: "instanceTypes", problem: "must name at most 10 types") }
        try ParameterRules.range(maxResults, "maxResults", 1...1600)
        if all && nextToken != nil { throw .invalidParameter(name: "all", problem: "cannot be combined with nextToken") }
    }

    var wireParameters: [String: String] {
        var parameters: [String: String] = [:]
        for (index, type) in instanceTypes.enumerated() { parameters["InstanceTypes.\(index + 1)"] = type }
        parameters["InstanceTypeFamily"] = instanceTypeFamily
        parameters["NextToken"] = nextToken
        parameters["MaxResults"] = maxResults.map(String.init)
        return parameters
    }
}
