import ECSClient
import Foundation
import JSON

/// The nine ECS operations, usable without the RPC layer: validation before any network call, credentials through
/// a replaceable provider, default network picking for create, paging, batching of more than 100 instances, dry runs.
public struct ECSOperations: Sendable {
    public let client: ECSClient
    public let credentialProvider: CallCredentialProvider
    /// Instance ids per call for the batch actions and DescribeInstances (the ECS limit).
    public static let instanceIdsPerCall = 100
    /// Batch calls in flight at once for one operation.
    public static let maximumConcurrentCalls = 8
    /// The most pages `all: true` walks before stopping (a guard against a service that never ends).
    public static let maximumPages = 1000

    public init(client: ECSClient, credentialProvider: CallCredentialProvider) {
        self.client = client
        self.credentialProvider = credentialProvider
    }

    /// regions.list: DescribeRegions (central endpoint unless an endpoint or fixed endpoint applies).
    public func listRegions(_ request: ListRegionsRequest) async throws(OperationError) -> OperationResult {
        try request.validate()
        let context = try await CallContext.prepare(request.options, provider: credentialProvider, regionRequired: false)
        // DescribeRegions has no RegionId; the central endpoint answers for every region.
        return try await perform("DescribeRegions", request.wireParameters, context, regionParameter: false)
    }

    /// images.list: DescribeImages, one page or (`all`) every page merged.
    public func listImages(_ request: ListImagesRequest) async throws(OperationError) -> OperationResult {
        try request.validate()
        let context = try await CallContext.prepare(request.options, provider: credentialProvider, regionRequired: true)
        guard request.all && !request.dryRun else { return try await perform("DescribeImages", request.wireParameters, context) }
        return try await allPagesByNumber(
            "DescribeImages", request.wireParameters, context, container: "Images", item: "Image", pageSize: request.pageSize ?? 100)
    }

    /// instanceTypes.list: DescribeInstanceTypes (no region needed), one page or (`all`) every page merged.
    public func listInstanceTypes(_ request: ListInstanceTypesRequest) async throws(OperationError) -> OperationResult {
        try request.validate()
        let context = try await CallContext.prepare(request.options, provider: credentialProvider, regionRequired: false)
        guard request.all else { return try await perform("DescribeInstanceTypes", request.wireParameters, context, regionParameter: false) }
        return try await allPagesByToken(
            "DescribeInstanceTypes", request.wireParameters, context, container: "InstanceTypes", item: "InstanceType")
    }

    /// instances.list: DescribeInstances with filters; more than 100 ids are split into concurrent calls and merged.
    public func listInstances(_ request: ListInstancesRequest) async throws(OperationError) -> OperationResult {
        try request.validate()
        let context = try await CallContext.prepare(request.options, provider: credentialProvider, regionRequired: true)
        if let ids = request.instanceIds, ids.count > Self.instanceIdsPerCall {
            return try await describeInstancesInBatches(request, ids: ids, context)
        }
        let parameters = request.wireParameters(ids: request.instanceIds)
        guard request.all && !request.dryRun else { return try await perform("DescribeInstances", parameters, context) }
        return try await allPagesByNumber(
            "DescribeInstances", parameters, context, container: "Instances", item: "Instance", pageSize: request.pageSize ?? 100)
    }

    /// instances.create: RunInstances, picking the default vSwitch and a security group of its VPC when absent.
    public func createInstances(_ request: CreateInstancesRequest) async throws(OperationError) -> OperationResult {
        try request.validate()
        let context = try await CallContext.prepare(request.options, provider: credentialProvider, regionRequired: true)
        let network = try await chooseNetwork(for: request, context)
        let token = request.clientToken ?? UUID().uuidString.lowercased()
        let parameters = request.wireParameters(
            vSwitchId: network.vSwitchId, securityGroupId: network.securityGroupId, zoneId: network.zoneId, clientToken: token)
        var result = try await perform("RunInstances", parameters, context, idempotent: true)
        if !network.chosen.isEmpty { result.chosen = network.chosen }
        return result
    }

    /// instances.start / stop / reboot / terminate; more than 100 ids are split into concurrent calls and merged.
    public func perform(_ request: InstanceActionRequest) async throws(OperationError) -> OperationResult {
        try request.validate()
        let context = try await CallContext.prepare(request.options, provider: credentialProvider, regionRequired: true)
        let batches = Self.batches(of: request.instanceIds)
        if batches.count == 1 {
            return try await perform(request.action.ecsAction, request.wireParameters(ids: request.instanceIds), context)
        }
        let outcomes = await outcomes(batches.map { request.wireParameters(ids: $0) }) { parameters throws(OperationError) in
            try await perform(request.action.ecsAction, parameters, context)
        }
        var results: [OperationResult] = []
        var completed: [String] = []
        var notDone: [String] = []
        var firstFailure: OperationError?
        for (batch, outcome) in zip(batches, outcomes) {
            switch outcome {
            case .success(let result):
                results.append(result)
                completed += batch
            case .failure(let failure):
                notDone += batch
                if firstFailure == nil { firstFailure = failure }
            }
        }
        if let firstFailure {
            // Other batches did change instances: saying only "failed" would hide that (a dry run changed nothing).
            guard !completed.isEmpty, !request.dryRun else { throw firstFailure }
            throw .partiallyDone(completed: completed, notDone: notDone, cause: firstFailure)
        }
        return Self.mergeBatchResults(results, container: "InstanceResponses", item: "InstanceResponse", countKey: nil)
    }

    // MARK: - One call

    /// Sends one action; a passed dry run (`DryRunOperation` / `DRYRUN.SUCCESS`) becomes a result with `dryRun` set.
    func perform(
        _ action: String, _ parameters: [String: String], _ context: CallContext, regionParameter: Bool = true,
        idempotent: Bool? = nil
    ) async throws(OperationError) -> OperationResult {
        var parameters = parameters
        if regionParameter, let regionId = context.regionId { parameters["RegionId"] = regionId }
        let request = ECSRequest(action: action, parameters: parameters, endpoint: context.endpoint, isIdempotent: idempotent)
        let endpointRequest = regionParameter ? request : Self.routed(request, regionId: context.regionId)
        do {
            return OperationResult(try await client.send(endpointRequest, credentials: context.credentials))
        } catch {
            if case .service(let serviceError) = error, serviceError.isDryRunSuccess, parameters["DryRun"] == "true" {
                return OperationResult(
                    body: serviceError.body, headers: serviceError.headers,
                    dryRun: DryRunOutcome(code: serviceError.code, message: serviceError.message, requestId: serviceError.requestId))
            }
            if case .invalidEndpoint(_, let reason) = error { throw .invalidParameter(name: "endpoint", problem: reason) }
            throw .client(error)
        }
    }

    /// Actions without a `RegionId` parameter still go to the region's endpoint when a region is known.
    static func routed(_ request: ECSRequest, regionId: String?) -> ECSRequest {
        guard request.endpoint == nil, let regionId else { return request }
        var routed = request
        routed.endpoint = EndpointResolver.regionalHost(for: regionId)
        return routed
    }

    static func batches(of ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: instanceIdsPerCall).map { Array(ids[$0..<min($0 + instanceIdsPerCall, ids.count)]) }
    }
}
