// SPDX-License-Identifier: Apache-2.0

/// The default vSwitch of one zone: a /20 of the default VPC's 172.16.0.0/12.
struct DefaultVSwitch: Sendable {
    let vSwitchID: String
    let zoneID: String
    let vpcID: String
    /// The first address of the block.
    let networkAddress: UInt32
    static let prefixLength = 20
    static let blockSize: UInt32 = 1 << (32 - 20)

    var cidrBlock: String { IPv4Address.format(networkAddress) + "/\(DefaultVSwitch.prefixLength)" }

    /// Usable host offsets: ECS reserves the first address and the last three of every vSwitch.
    static let usableOffsets: ClosedRange<UInt32> = 1...(blockSize - 4)

    /// Whether an address lies in the usable part of this vSwitch.
    func contains(_ address: UInt32) -> Bool {
        address >= networkAddress && DefaultVSwitch.usableOffsets.contains(address - networkAddress)
    }
}
