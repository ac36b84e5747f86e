import JSON

extension ECSOperations {
    /// Walks `PageNumber` 1, 2, … until `TotalCount` items are collected or a page comes back short.
    func allPagesByNumber(
        _ action: String, _ parameters: [String: String], _ context: CallContext, container: String, item: String, pageSize: Int
    ) async throws(OperationError) -> OperationResult {
        var first: OperationResult?
        var items: [JSONValue] = []
        var pageNumber = 1
        while pageNumber <= Self.maximumPages {
            var page = parameters
            page["PageNumber"] = String(pageNumber)
            page["PageSize"] = String(pageSize)
            let result = try await perform(action, page, context)
            if first == nil { first = result }
            let pageItems = ResponseMerger.items(in: result.body, container: container, item: item) ?? []
            items += pageItems
            let total = result.body["TotalCount"]?.intValue ?? 0
            if pageItems.count < pageSize || items.count >= total { break }
            pageNumber += 1
        }
        guard var merged = first else { return OperationResult(body: .object(JSONObject()), headers: [:]) }
        merged.body = ResponseMerger.replacing(
            merged.body, container: container, item: item, with: items,
            overrides: [("PageNumber", 1), ("PageSize", .number(JSONNumber(items.count))), ("NextToken", "")])
        return merged
    }

    /// Walks `NextToken` until the service returns an empty one.
    func allPagesByToken(
        _ action: String, _ parameters: [String: String], _ context: CallContext, container: String, item: String
    ) async throws(OperationError) -> OperationResult {
        var first: OperationResult?
        var items: [JSONValue] = []
        var token: String?
        var seen: Set<String> = []
        for _ in 0..<Self.maximumPages {
            var page = parameters
            page["NextToken"] = token
            let result = try await perform(action, page, context, regionParameter: false)
            if first == nil { first = result }
            items += ResponseMerger.items(in: result.body, container: container, item: item) ?? []
            guard let next = result.body["NextToken"]?.stringValue, !next.isEmpty, seen.insert(next).inserted else { break }
            token = next
        }
        guard var merged = first else { return OperationResult(body: .object(JSONObject()), headers: [:]) }
        merged.body = ResponseMerger.replacing(merged.body, container: container, item: item, with: items, overrides: [("NextToken", "")])
        return merged
    }
}
