// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Everything the engine keeps about one instance; DescribeInstances renders it.
struct InstanceRecord: Codable, Sendable, Equatable {
    var instanceID: String
    var accountID: String
    var regionID: String
    var zoneID: String
    /// Creation order across the engine; pages and NextToken cursors follow it.
    var sequence: Int

    var instanceName: String
    var hostName: String
    var description: String

    var instanceType: String
    var instanceTypeFamily: String
    var cpu: Int
    var memoryMiB: Int
    var gpuAmount: Int
    var gpuSpec: String
    var localStorageAmount: Int
    var localStorageCapacity: Int
    var creditSpecification: String

    var imageID: String
    var osType: String
    var osName: String
    var osNameEnglish: String

    var vpcID: String
    var vSwitchID: String
    var privateIPAddress: UInt32
    var publicIPAddress: String?
    var securityGroupIDs: [String]
    var networkInterfaceID: String
    var macAddress: String
    var serialNumber: String

    var systemDiskCategory: String
    var systemDiskSize: Int

    var instanceChargeType: String
    var internetChargeType: String
    var internetMaxBandwidthOut: Int
    var internetMaxBandwidthIn: Int
    var spotStrategy: String
    var deletionProtection: Bool
    var keyPairName: String
    var resourceGroupID: String
    var tags: [InstanceTag]

    /// Minute-precision UTC strings, as DescribeInstances prints them.
    var creationTime: String
    var startTime: String
    var expiredTime: String
    var autoReleaseTime: String

    /// `KeepCharging` or `StopCharging`, reported while stopped.
    var stoppedMode: String
    var lifecycle: InstanceLifecycle

    func status(at now: Date) -> InstanceStatus {
        lifecycle.status(at: now)
    }
}
