// SPDX-License-Identifier: Apache-2.0

/// A region's default network: one VPC (172.16.0.0/12), one vSwitch per zone, one security group.
///
/// Ids are derived from the region name, so they are the same across restarts and machines.
struct RegionNetwork: Sendable {
    let regionID: String
    let vpcID: String
    let securityGroupID: String
    let vSwitches: [DefaultVSwitch]
    static let vpcCIDR = "172.16.0.0/12"

    init(region: CatalogRegion) {
        regionID = region.regionID
        vpcID = ResourceIdentifier.stable("vpc", regionID: region.regionID, salt: "default")
        securityGroupID = ResourceIdentifier.stable("sg", regionID: region.regionID, salt: "default")
        let base: UInt32 = 172 << 24 | 16 << 16
        vSwitches = region.zoneIDs.enumerated().map { index, zoneID in
            DefaultVSwitch(
                vSwitchID: ResourceIdentifier.stable("vsw", regionID: region.regionID, salt: zoneID),
                zoneID: zoneID, vpcID: ResourceIdentifier.stable("vpc", regionID: region.regionID, salt: "default"),
                networkAddress: base + UInt32(index) * DefaultVSwitch.blockSize)
        }
    }

    func vSwitch(_ vSwitchID: String) -> DefaultVSwitch? {
        vSwitches.first { $0.vSwitchID == vSwitchID }
    }

    func vSwitch(zoneID: String) -> DefaultVSwitch? {
        vSwitches.first { $0.zoneID == zoneID }
    }

    /// The default networks of every catalog region, built once.
    static let all: [String: RegionNetwork] = Dictionary(
        Catalog.shared.regions.map { ($0.regionID, RegionNetwork(region: $0)) }, uniquingKeysWith: { first, _ in first }
    )
}
