import ECSClient

/// A call ready to go: its credentials, endpoint and region, all settled before any network traffic.
struct CallContext: Sendable {
    var credentials: ECSCredentials
    var endpoint: String?
    var regionId: String?

    /// Resolves credentials, checks the endpoint and settles the region (parameter, then the endpoint's own region,
    /// then what the credential provider supplies); `regionRequired` refuses a call without one.
    static func prepare(
        _ options: CallOptions, provider: CallCredentialProvider, regionRequired: Bool
    ) async throws(OperationError) -> CallContext {
        var endpointRegion: String?
        if let endpoint = options.endpoint {
            do {
                endpointRegion = EndpointResolver.regionId(inHost: try ECSEndpoint(parsing: endpoint).host)
            } catch {
                if case .invalidEndpoint(_, let reason) = error { throw .invalidParameter(name: "endpoint", problem: reason) }
                throw .invalidParameter(name: "endpoint", problem: "is not a usable host or URL")
            }
        }
        var request = options.credentials
        request.regionId = options.regionId ?? endpointRegion ?? request.regionId
        let resolved = try await provider.resolve(request)
        let regionId = options.regionId ?? endpointRegion ?? resolved.regionId
        if regionRequired && regionId == nil {
            throw .invalidParameter(name: "regionId", problem: "is required (or an endpoint like ecs.cn-beijing.aliyuncs.com)")
        }
        return CallContext(credentials: resolved.credentials, endpoint: options.endpoint ?? resolved.endpoint, regionId: regionId)
    }
}
