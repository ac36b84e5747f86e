// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// DescribeInstances and DescribeInstanceStatus: filters, PageNumber/PageSize and NextToken/MaxResults paging.
extension ECSEngine {
    func describeInstances(_ parameters: WireParameters, account: String) throws(ECSServiceError) -> ECSAnswer {
        let region = try requiredRegion(parameters)
        let filter = try InstanceFilter(parameters)
        let tokenMode = parameters.string("NextToken") != nil || parameters.string("MaxResults") != nil
        var page = PageRequest(number: 1, size: 10)
        var offset = 0
        if tokenMode {
            let maxResults = try parameters.int("MaxResults") ?? 10
            page.size = min(max(maxResults, 10), 100)
            if let token = parameters.string("NextToken") {
                guard let decoded = PageToken.decode(token) else { throw .invalidParameter("NextToken") }
                offset = decoded
            }
        } else {
            page = try PageRequest.numbered(parameters, maximum: 100)
            offset = page.offset
        }
        if try parameters.bool("DryRun", default: false) { throw .dryRunOperation }

        let now = self.now
        let entries = store.entries(account: account, region: region.regionID)
        var pageEntries: [InstanceEntry] = []
        var total: Int
        if filter.isEmpty {
            total = entries.count
            let start = min(offset, entries.count)
            pageEntries = Array(entries[start..<min(start + page.size, entries.count)])
        } else {
            total = 0
            // Listed ids (at most 100) are looked up, not searched for among every instance of the region.
            let candidates =
                filter.instanceIDs.map { ids in
                    ids.compactMap { store.entry($0) }
                        .filter { $0.record.accountID == account && $0.record.regionID == region.regionID }
                        .sorted { $0.record.sequence < $1.record.sequence }
                } ?? entries
            for entry in candidates where filter.matches(entry, at: now) {
                if total >= offset, pageEntries.count < page.size { pageEntries.append(entry) }
                total += 1
            }
        }
        let nextOffset = offset + pageEntries.count
        let nextToken = nextOffset < total && !pageEntries.isEmpty ? PageToken.encode(offset: nextOffset) : ""
        let fields = JSONObject(uniqueKeysWithValues: [
            ("TotalCount", JSONValue(total)), ("PageNumber", JSONValue(page.number)), ("PageSize", JSONValue(page.size)),
            ("NextToken", .string(nextToken)),
        ])
        let items = pageEntries.map { $0.describeItemBytes(at: now) }
        return ECSAnswer(fields: fields, serializedList: SerializedList(key: "Instances", itemKey: "Instance", items: items))
    }

    func describeInstanceStatus(_ parameters: WireParameters, account: String) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let wanted = try instanceIDList(parameters, required: false)
        let zoneID = parameters.string("ZoneId")
        if let zoneID, !region.zoneIDs.contains(zoneID) { throw .zoneNotFound }
        let page = try PageRequest.numbered(parameters, maximum: 50)
        let now = self.now
        let entries = store.entries(account: account, region: region.regionID)
        var records: [InstanceRecord] = []
        var total = 0
        if wanted.isEmpty, zoneID == nil {
            total = entries.count
            let start = min(page.offset, entries.count)
            records = entries[start..<min(start + page.size, entries.count)].map(\.record)
        } else {
            let wantedSet = wanted.isEmpty ? nil : Set(wanted)
            for entry in entries {
                if let wantedSet, !wantedSet.contains(entry.record.instanceID) { continue }
                if let zoneID, entry.record.zoneID != zoneID { continue }
                if total >= page.offset, records.count < page.size { records.append(entry.record) }
                total += 1
            }
        }
        let items = records.map { record -> JSONValue in
            ["InstanceId": .string(record.instanceID), "Status": .string(record.status(at: now).rawValue)]
        }
        return [
            "TotalCount": JSONValue(total), "PageNumber": JSONValue(page.number), "PageSize": JSONValue(page.size),
            "InstanceStatuses": ["InstanceStatus": .array(items)],
        ]
    }

    /// `InstanceId.N` (1–100), checked as the batch actions do.
    func instanceIDList(_ parameters: WireParameters, required: Bool) throws(ECSServiceError) -> [String] {
        let listed = parameters.list("InstanceId")
        if listed.isEmpty {
            if required { throw .missingParameter("InstanceId") }
            return []
        }
        if listed.contains(where: { $0.value.isEmpty }) { throw .emptyInstanceID }
        var seen = Set<String>()
        let ids = listed.map(\.value).filter { seen.insert($0).inserted }
        guard ids.count <= 100 else { throw .tooManyInstanceIDs }
        return ids
    }
}
