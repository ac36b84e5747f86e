// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The instances of all accounts, indexed by id and by (account, region) in creation order.
///
/// Pages are slices of the per-region list, so an unfiltered page costs O(page size).
struct InstanceStore {
    struct RegionKey: Hashable, Sendable {
        var accountID: String
        var regionID: String
    }

    private var entries: [String: InstanceEntry] = [:]
    private var regionIndex: [RegionKey: [InstanceEntry]] = [:]
    private(set) var addresses = AddressPool()
    /// Instances with an AutoReleaseTime, and when they go.
    private var autoReleases: [String: Date] = [:]
    var nextSequence = 1

    var count: Int { entries.count }

    /// Every entry, in creation order.
    var allEntries: [InstanceEntry] {
        entries.values.sorted { $0.record.sequence < $1.record.sequence }
    }

    func record(_ instanceID: String) -> InstanceRecord? {
        entries[instanceID]?.record
    }

    func entry(_ instanceID: String) -> InstanceEntry? {
        entries[instanceID]
    }

    /// The account's instances in a region, in creation order.
    func entries(account: String, region: String) -> [InstanceEntry] {
        regionIndex[RegionKey(accountID: account, regionID: region)] ?? []
    }

    /// Takes the next sequence number for a new instance.
    mutating func takeSequence() -> Int {
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// Adds a record whose sequence is above every stored one, and claims its private address.
    @discardableResult
    mutating func insert(_ record: InstanceRecord) -> InstanceEntry {
        let entry = InstanceEntry(record)
        entries[record.instanceID] = entry
        regionIndex[RegionKey(accountID: record.accountID, regionID: record.regionID), default: []].append(entry)
        addresses.claim(record.privateIPAddress, in: record.vSwitchID)
        nextSequence = max(nextSequence, record.sequence + 1)
        if let releaseAt = MinuteTime.parse(record.autoReleaseTime) { autoReleases[record.instanceID] = releaseAt }
        return entry
    }

    /// Releases the instances whose AutoReleaseTime has come; true when any went.
    mutating func releaseExpired(at now: Date) -> Bool {
        guard !autoReleases.isEmpty else { return false }
        let due = autoReleases.filter { $0.value <= now }.map(\.key)
        for instanceID in due { remove(instanceID) }
        return !due.isEmpty
    }

    mutating func update(_ instanceID: String, _ change: (inout InstanceRecord) -> Void) {
        guard let entry = entries[instanceID] else { return }
        entry.update(change)
    }

    mutating func remove(_ instanceID: String) {
        guard let entry = entries[instanceID] else { return }
        let record = entry.record
        let key = RegionKey(accountID: record.accountID, regionID: record.regionID)
        if var list = regionIndex[key] {
            let position = InstanceStore.firstIndex(atOrAfter: record.sequence, in: list)
            regionIndex[key] = nil
            if position < list.count, list[position] === entry { list.remove(at: position) }
            regionIndex[key] = list.isEmpty ? nil : list
        }
        entries[instanceID] = nil
        autoReleases[instanceID] = nil
        addresses.release(record.privateIPAddress, in: record.vSwitchID)
    }

    mutating func allocateAddress(in vSwitch: DefaultVSwitch) -> UInt32? {
        addresses.allocate(in: vSwitch)
    }

    /// Index of the first entry whose sequence is at least `sequence` (binary search).
    static func firstIndex(atOrAfter sequence: Int, in list: [InstanceEntry]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].record.sequence < sequence {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
