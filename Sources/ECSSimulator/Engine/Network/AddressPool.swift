// SPDX-License-Identifier: Apache-2.0

/// Private addresses in use per vSwitch; hands out the next free one.
struct AddressPool: Sendable {
    private var used: [String: Set<UInt32>] = [:]
    private var cursors: [String: UInt32] = [:]

    /// The next free address of the vSwitch, marked used, or nil when the vSwitch is full.
    mutating func allocate(in vSwitch: DefaultVSwitch) -> UInt32? {
        let range = DefaultVSwitch.usableOffsets
        let id = vSwitch.vSwitchID
        guard usedCount(in: id) < range.count else { return nil }
        var offset = cursors[id] ?? range.lowerBound
        while isUsed(vSwitch.networkAddress + offset, in: id) {
            offset = offset >= range.upperBound ? range.lowerBound : offset + 1
        }
        let address = vSwitch.networkAddress + offset
        used[id, default: []].insert(address)
        cursors[id] = offset >= range.upperBound ? range.lowerBound : offset + 1
        return address
    }

    func isUsed(_ address: UInt32, in vSwitchID: String) -> Bool {
        used[vSwitchID]?.contains(address) ?? false
    }

    mutating func claim(_ address: UInt32, in vSwitchID: String) {
        used[vSwitchID, default: []].insert(address)
    }

    mutating func release(_ address: UInt32, in vSwitchID: String) {
        used[vSwitchID]?.remove(address)
    }

    func usedCount(in vSwitchID: String) -> Int {
        used[vSwitchID]?.count ?? 0
    }
}
