// SPDX-License-Identifier: Apache-2.0

/// The instances of all accounts, indexed by id and by (account, region) in creation order.
///
/// Pages are slices of the per-region id list, so an unfiltered page costs O(page size).
struct InstanceStore: Sendable {
    struct RegionKey: Hashable, Sendable {
        var accountID: String
        var regionID: String
    }

    private(set) var records: [String: InstanceRecord] = [:]
    private var regionIndex: [RegionKey: [String]] = [:]
    private(set) var addresses = AddressPool()
    var nextSequence = 1

    var count: Int { records.count }

    /// Every record, in creation order.
    var allRecords: [InstanceRecord] {
        records.values.sorted { $0.sequence < $1.sequence }
    }

    func record(_ instanceID: String) -> InstanceRecord? {
        records[instanceID]
    }

    /// The account's instance ids in a region, in creation order.
    func instanceIDs(account: String, region: String) -> [String] {
        regionIndex[RegionKey(accountID: account, regionID: region)] ?? []
    }

    /// Takes the next sequence number for a new instance.
    mutating func takeSequence() -> Int {
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// Adds a record whose sequence is above every stored one, and claims its private address.
    mutating func insert(_ record: InstanceRecord) {
        records[record.instanceID] = record
        regionIndex[RegionKey(accountID: record.accountID, regionID: record.regionID), default: []]
            .append(record.instanceID)
        addresses.claim(record.privateIPAddress, in: record.vSwitchID)
        nextSequence = max(nextSequence, record.sequence + 1)
    }

    mutating func update(_ instanceID: String, _ change: (inout InstanceRecord) -> Void) {
        guard var record = records[instanceID] else { return }
        change(&record)
        records[instanceID] = record
    }

    mutating func remove(_ instanceID: String) {
        guard let record = records[instanceID] else { return }
        let key = RegionKey(accountID: record.accountID, regionID: record.regionID)
        if var ids = regionIndex[key] {
            let position = firstIndex(atOrAfter: record.sequence, in: ids)
            regionIndex[key] = nil
            if position < ids.count, ids[position] == instanceID { ids.remove(at: position) }
            regionIndex[key] = ids.isEmpty ? nil : ids
        }
        records[instanceID] = nil
        addresses.release(record.privateIPAddress, in: record.vSwitchID)
    }

    mutating func allocateAddress(in vSwitch: DefaultVSwitch) -> UInt32? {
        addresses.allocate(in: vSwitch)
    }

    /// Index of the first id in `ids` whose sequence is at least `sequence` (binary search).
    func firstIndex(atOrAfter sequence: Int, in ids: [String]) -> Int {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if (records[ids[middle]]?.sequence ?? Int.max) < sequence {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
