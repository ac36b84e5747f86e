import JSON

extension ECSOperations {
    /// DescribeInstanceStatus reports at most this many per page.
    static let statusPageSize = 50

    /// The current status of each instance, through DescribeInstanceStatus (`InstanceId.N`, 100 ids per call, pages
    /// of 50); an id missing from the answer does not exist (any more).
    public func instanceStatuses(_ instanceIds: [String], options: CallOptions) async throws(OperationError) -> [String: String] {
        let context = try await CallContext.prepare(options, provider: credentialProvider, regionRequired: true)
        var unique: [String] = []
        var seen = Set<String>()
        for id in instanceIds where seen.insert(id).inserted { unique.append(id) }
        var statuses: [String: String] = [:]
        for batch in Self.batches(of: unique) {
            var page = 1
            while true {
                var parameters = ["PageSize": String(Self.statusPageSize), "PageNumber": String(page)]
                for (index, id) in batch.enumerated() { parameters["InstanceId.\(index + 1)"] = id }
                let body = try await perform("DescribeInstanceStatus", parameters, context, idempotent: true).body
                let items = body["InstanceStatuses"]?["InstanceStatus"]?.arrayValue ?? []
                for item in items {
                    if let id = item["InstanceId"]?.stringValue, let status = item["Status"]?.stringValue { statuses[id] = status }
                }
                let total = body["TotalCount"]?.intValue ?? items.count
                // A batch names at most 100 ids, so at most two pages; the bound also guards against a looping service.
                guard !items.isEmpty, page * Self.statusPageSize < total, page < 3 else { break }
                page += 1
            }
        }
        return statuses
    }

    /// Polls until every instance of `request` has its target status (Deleted: no longer found).
    ///
    /// - Throws: `OperationError` for bad params or a failed poll, `InstanceWaitNotFound` when ids stay absent past
    ///   the policy's grace period (not for Deleted), `InstanceWaitTimedOut` at the deadline, `CancellationError`
    ///   when the task is cancelled (at once, also between polls).
    public func waitForInstances(
        _ request: InstanceWaitRequest, onProgress: InstanceWaiter.ProgressHandler? = nil
    ) async throws -> InstanceWaitOutcome {
        try request.validate()
        let options = request.options
        let waiter = InstanceWaiter(policy: request.policy) { ids in try await instanceStatuses(ids, options: options) }
        return try await waiter.wait(for: request.instanceIds, target: request.target, onProgress: onProgress)
    }
}
