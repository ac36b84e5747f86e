import JSON

extension ECSOperations {
    /// Runs `work` for every input, at most `maximumConcurrentCalls` at a time, and returns the results in input
    /// order; the first failure (in input order) wins.
    func concurrently(
        _ inputs: [[String: String]], _ work: @escaping @Sendable ([String: String]) async throws(OperationError) -> OperationResult
    ) async throws(OperationError) -> [OperationResult] {
        try await outcomes(inputs, work).map { outcome throws(OperationError) in try outcome.get() }
    }

    /// Runs `work` for every input like ``concurrently(_:_:)``, and returns every outcome, in input order.
    func outcomes(
        _ inputs: [[String: String]], _ work: @escaping @Sendable ([String: String]) async throws(OperationError) -> OperationResult
    ) async -> [Result<OperationResult, OperationError>] {
        await withTaskGroup(of: (Int, Result<OperationResult, OperationError>).self) { group in
            func start(_ index: Int) {
                let input = inputs[index]
                group.addTask {
                    do throws(OperationError) {
                        return (index, .success(try await work(input)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var next = 0
            while next < min(inputs.count, Self.maximumConcurrentCalls) {
                start(next)
                next += 1
            }
            var collected: [(Int, Result<OperationResult, OperationError>)] = []
            for await outcome in group {
                collected.append(outcome)
                if next < inputs.count {
                    start(next)
                    next += 1
                }
            }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// DescribeInstances for more than 100 ids: one call per 100, instance lists concatenated.
    func describeInstancesInBatches(
        _ request: ListInstancesRequest, ids: [String], _ context: CallContext
    ) async throws(OperationError) -> OperationResult {
        let inputs = Self.batches(of: ids).map { batch in
            var parameters = request.wireParameters(ids: batch)
            parameters["PageSize"] = String(Self.instanceIdsPerCall)
            parameters.removeValue(forKey: "PageNumber")
            parameters.removeValue(forKey: "NextToken")
            parameters.removeValue(forKey: "MaxResults")
            return parameters
        }
        let results = try await concurrently(inputs) { parameters throws(OperationError) in
            try await perform("DescribeInstances", parameters, context)
        }
        return Self.mergeBatchResults(results, container: "Instances", item: "Instance", countKey: "TotalCount")
    }

    /// One result from several batch results: the first body with every batch's items, the first headers;
    /// a dry run passes when every batch's did.
    static func mergeBatchResults(
        _ results: [OperationResult], container: String, item: String, countKey: String?
    ) -> OperationResult {
        guard var merged = results.first else { return OperationResult(body: .object(JSONObject()), headers: [:]) }
        if results.allSatisfy({ $0.dryRun != nil }) { return merged }
        var items: [JSONValue] = []
        for result in results { items += ResponseMerger.items(in: result.body, container: container, item: item) ?? [] }
        let count = JSONValue.number(JSONNumber(items.count))
        let overrides: [(String, JSONValue)] = countKey.map { [($0, count), ("PageSize", count), ("PageNumber", 1)] } ?? []
        if ResponseMerger.items(in: merged.body, container: container, item: item) != nil {
            merged.body = ResponseMerger.replacing(merged.body, container: container, item: item, with: items, overrides: overrides)
        }
        merged.dryRun = nil
        return merged
    }
}
