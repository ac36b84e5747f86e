import JSON

/// instances.list → DescribeInstances.
public struct ListInstancesRequest: Sendable, Hashable {
    public var options: CallOptions
    /// Sent as one JSON array (`InstanceIds=["i-1","i-2"]`); more than 100 are split into concurrent calls.
    public var instanceIds: [String]?
    public var status: String?
    public var instanceName: String?
    public var zoneId: String?
    public var tags: [ResourceTag]
    public var pageNumber: Int?
    public var pageSize: Int?
    public var nextToken: String?
    public var maxResults: Int?
    public var all: Bool
    public var dryRun: Bool

    public init(
        options: CallOptions = CallOptions(), instanceIds: [String]? = nil, status: String? = nil, instanceName: String? = nil,
        zoneId: String? = nil, tags: [ResourceTag] = [], pageNumber: Int? = nil, pageSize: Int? = nil,
        nextToken: String? = nil, maxResults: Int? = nil, all: Bool = false, dryRun: Bool = false
    ) {
        self.options = options
        self.instanceIds = instanceIds
        self.status = status
        self.instanceName = instanceName
        self.zoneId = zoneId
        self.tags = tags
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.nextToken = nextToken
        self.maxResults = maxResults
        self.all = all
        self.dryRun = dryRun
    }

    func validate() throws(OperationError) {
        try ParameterRules.regionId(options.regionId)
        try ParameterRules.instanceIds(instanceIds, required: false)
        try ParameterRules.oneOf(status, "status", ParameterRules.instanceStatuses)
        try ParameterRules.nonEmpty(instanceName, "instanceName")
        try ParameterRules.nonEmpty(zoneId, "zoneId")
        try ParameterRules.tags(tags)
        try ParameterRules.range(pageNumber, "pageNumber", 1...1_000_000)
        try ParameterRules.range(pageSize, "pageSize", 1...100)
        try ParameterRules.range(maxResults, "maxResults", 1...100)
        if all && (pageNumber != nil || nextToken != nil || maxResults != nil) {
            throw .invalidParameter(name: "all", problem: "cannot be combined with pageNumber, nextToken or maxResults")
        }
        // More than 100 ids are listed whole (one call per 100, merged): a page of them cannot be honoured, and
        // answering every instance to a request for page 2 would keep a pager asking forever.
        if let instanceIds, instanceIds.count > ECSOperations.instanceIdsPerCall {
            let paging: [(String, Bool)] = [
                ("pageNumber", pageNumber != nil), ("pageSize", pageSize != nil && !all), ("nextToken", nextToken != nil),
                ("maxResults", maxResults != nil),
            ]
            if let (name, _) = paging.first(where: { $0.1 }) {
                throw .invalidParameter(
                    name: name, problem: "cannot page more than 100 instanceIds (they are listed whole); leave it out")
            }
        }
    }

    /// The DescribeInstances parameters for one call naming `ids` (nil: no id filter).
    func wireParameters(ids: [String]?) -> [String: String] {
        var parameters = ResourceTag.wireParameters(tags)
        if let ids { parameters["InstanceIds"] = JSONValue.array(ids.map(JSONValue.string)).serialized() }
        parameters["Status"] = status
        parameters["InstanceName"] = instanceName
        parameters["ZoneId"] = zoneId
        parameters["PageNumber"] = pageNumber.map(String.init)
        parameters["PageSize"] = pageSize.map(String.init)
        parameters["NextToken"] = nextToken
        parameters["MaxResults"] = maxResults.map(String.init)
        if dryRun { parameters["DryRun"] = "true" }
        return parameters
    }
}
