// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// The DescribeInstances item written straight to compact JSON bytes: the same bytes as serializing
/// `describeItem(at:)`, without building JSON values, so a page of items needs none at all.
extension InstanceRecord {
    func describeItemBytes(at now: Date) -> [UInt8] {
        renderedItem(status: status(at: now)).bytes
    }

    /// The item as it reads with `status`; the only parts that depend on the status are marked, so a change
    /// of status alone is a splice of those parts (see `RenderedItem.with(status:of:)`), not a new rendering.
    func renderedItem(status: InstanceStatus) -> RenderedItem {
        var json = JSONByteWriter(capacity: 2560)
        json.raw(#"{"ResourceGroupId":"#)
        json.string(resourceGroupID)
        json.raw(#","Memory":"#)
        json.int(memoryMiB)
        json.raw(#","InstanceChargeType":"#)
        json.string(instanceChargeType)
        json.raw(#","Cpu":"#)
        json.int(cpu)
        json.raw(#","OSName":"#)
        json.string(osName)
        json.raw(#","InstanceNetworkType":"vpc","InnerIpAddress":"#)
        json.raw(SerializedConstant.emptyAddresses)
        json.raw(#","ExpiredTime":"#)
        json.string(expiredTime)
        json.raw(#","ImageId":"#)
        json.string(imageID)
        json.raw(#","EipAddress":"#)
        json.raw(SerializedConstant.eipAddress)
        json.raw(#","HostName":"#)
        json.string(hostName)
        json.raw(#","VlanId":"","Status":"#)
        let statusStart = json.bytes.count
        json.string(status.rawValue)
        let statusRange = statusStart..<json.bytes.count
        json.raw(#","MetadataOptions":"#)
        json.raw(SerializedConstant.metadataOptions)
        json.raw(#","InstanceId":"#)
        json.string(instanceID)
        json.raw(#","StoppedMode":"#)
        let stoppedModeStart = json.bytes.count
        json.string(stoppedModeText(status))
        let stoppedModeRange = stoppedModeStart..<json.bytes.count
        let threads = cpu >= 2 ? 2 : 1
        json.raw(#","CpuOptions":{"CoreCount":"#)
        json.int(max(1, cpu / threads))
        json.raw(#","ThreadsPerCore":"#)
        json.int(threads)
        json.raw(#","Numa":"ON"},"StartTime":"#)
        json.string(startTime)
        json.raw(#","DeletionProtection":"#)
        json.bool(deletionProtection)
        json.raw(#","SecurityGroupIds":{"SecurityGroupId":["#)
        for (position, group) in securityGroupIDs.enumerated() {
            if position > 0 { json.raw(",") }
            json.string(group)
        }
        json.raw(#"]},"VpcAttributes":{"PrivateIpAddress":{"IpAddress":["#)
        json.address(privateIPAddress)
        json.raw(#"]},"VpcId":"#)
        json.string(vpcID)
        json.raw(#","VSwitchId":"#)
        json.string(vSwitchID)
        json.raw(#","NatIpAddress":""},"InternetChargeType":"#)
        json.string(internetChargeType)
        json.raw(#","InstanceName":"#)
        json.string(instanceName)
        json.raw(#","DeploymentSetId":"","InternetMaxBandwidthOut":"#)
        json.int(internetMaxBandwidthOut)
        json.raw(#","SerialNumber":"#)
        json.string(serialNumber)
        json.raw(#","OSType":"#)
        json.string(osType)
        json.raw(#","CreationTime":"#)
        json.string(creationTime)
        json.raw(#","AutoReleaseTime":"#)
        json.string(autoReleaseTime)
        json.raw(#","Description":"#)
        json.string(description)
        json.raw(#","InstanceTypeFamily":"#)
        json.string(instanceTypeFamily)
        json.raw(#","DedicatedInstanceAttribute":"#)
        json.raw(SerializedConstant.dedicatedInstance)
        json.raw(#","PublicIpAddress":"#)
        if let publicIPAddress {
            json.raw(#"{"IpAddress":["#)
            json.string(publicIPAddress)
            json.raw("]}")
        } else {
            json.raw(SerializedConstant.emptyAddresses)
        }
        json.raw(#","GPUSpec":"#)
        json.string(gpuSpec)
        json.raw(#","NetworkInterfaces":{"NetworkInterface":[{"Type":"Primary","MacAddress":"#)
        json.string(macAddress)
        json.raw(#","NetworkInterfaceId":"#)
        json.string(networkInterfaceID)
        json.raw(#","PrimaryIpAddress":"#)
        json.address(privateIPAddress)
        json.raw(#","PrivateIpSets":{"PrivateIpSet":[{"PrivateIpAddress":"#)
        json.address(privateIPAddress)
        json.raw(#","Primary":true}]}}]},"SpotPriceLimit":"#)
        json.raw(SerializedConstant.zeroPrice)
        json.raw(#","OSNameEn":"#)
        json.string(osNameEnglish)
        json.raw(#","SaleCycle":"","DeviceAvailable":true,"InstanceType":"#)
        json.string(instanceType)
        json.raw(#","OperationLocks":"#)
        json.raw(SerializedConstant.operationLocks)
        json.raw(#","SpotStrategy":"#)
        json.string(spotStrategy)
        json.raw(#","IoOptimized":true,"InternetMaxBandwidthIn":"#)
        json.int(internetMaxBandwidthIn)
        json.raw(#","GPUAmount":"#)
        json.int(gpuAmount)
        json.raw(#","ZoneId":"#)
        json.string(zoneID)
        json.raw(#","RegionId":"#)
        json.string(regionID)
        json.raw(#","KeyPairName":"#)
        json.string(keyPairName)
        json.raw(#","Recyclable":false,"CreditSpecification":"#)
        json.string(creditSpecification)
        json.raw(#","HibernationOptions":"#)
        json.raw(SerializedConstant.hibernation)
        json.raw(#","ClusterId":"","EcsCapacityReservationAttr":"#)
        json.raw(SerializedConstant.capacityReservation)
        json.raw(#","DedicatedHostAttribute":"#)
        json.raw(SerializedConstant.dedicatedHost)
        if localStorageAmount > 0 {
            json.raw(#","LocalStorageAmount":"#)
            json.int(localStorageAmount)
            json.raw(#","LocalStorageCapacity":"#)
            json.int(localStorageCapacity)
        }
        if !tags.isEmpty {
            json.raw(#","Tags":{"Tag":["#)
            for (position, tag) in tags.enumerated() {
                json.raw(position > 0 ? #",{"TagKey":"# : #"{"TagKey":"#)
                json.string(tag.key)
                json.raw(#","TagValue":"#)
                json.string(tag.value)
                json.raw("}")
            }
            json.raw("]}")
        }
        json.raw("}")
        return RenderedItem(
            status: status, bytes: json.compactBytes, statusRange: statusRange, stoppedModeRange: stoppedModeRange)
    }

    /// `StoppedMode` as DescribeInstances reports it: the mode while stopped, `Not-applicable` otherwise.
    func stoppedModeText(_ status: InstanceStatus) -> String {
        status == .stopped ? stoppedMode : "Not-applicable"
    }
}

/// The constant parts of the item, serialized once from the values `describeItem(at:)` uses.
private enum SerializedConstant {
    static let emptyAddresses = DescribeItemConstant.emptyAddresses.serializedBytes()
    static let eipAddress = DescribeItemConstant.eipAddress.serializedBytes()
    static let metadataOptions = DescribeItemConstant.metadataOptions.serializedBytes()
    static let dedicatedInstance = DescribeItemConstant.dedicatedInstance.serializedBytes()
    static let operationLocks = DescribeItemConstant.operationLocks.serializedBytes()
    static let hibernation = DescribeItemConstant.hibernation.serializedBytes()
    static let capacityReservation = DescribeItemConstant.capacityReservation.serializedBytes()
    static let dedicatedHost = DescribeItemConstant.dedicatedHost.serializedBytes()
    static let zeroPrice = DescribeItemConstant.zeroPrice.serializedBytes()
}
