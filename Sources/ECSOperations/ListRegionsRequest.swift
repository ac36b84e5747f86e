/// regions.list → DescribeRegions.
public struct ListRegionsRequest: Sendable, Hashable {
    public var options: CallOptions
    /// `zh-CN` (default), `en-US`, `ja`, … — controls `LocalName`.
    public var acceptLanguage: String?

    public init(options: CallOptions = CallOptions(), acceptLanguage: String? = nil) {
        self.options = options
        self.acceptLanguage = acceptLanguage
    }

    func validate() throws(OperationError) {
        try ParameterRules.nonEmpty(acceptLanguage, "acceptLanguage")
        try ParameterRules.regionId(options.regionId)
    }

    var wireParameters: [String: String] {
        var parameters: [String: String] = [:]
        parameters["AcceptLanguage"] = acceptLanguage
        return parameters
    }
}
