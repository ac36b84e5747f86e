// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// The DescribeInstances `Instances.Instance[]` item, with the real field names and value formats.
extension InstanceRecord {
    func describeItem(at now: Date) -> JSONObject {
        let status = status(at: now)
        let privateAddress = JSONValue.string(IPv4Address.format(privateIPAddress))
        var fields: [(String, JSONValue)] = [
            ("ResourceGroupId", .string(resourceGroupID)),
            ("Memory", JSONValue(memoryMiB)),
            ("InstanceChargeType", .string(instanceChargeType)),
            ("Cpu", JSONValue(cpu)),
            ("OSName", .string(osName)),
            ("InstanceNetworkType", "vpc"),
            ("InnerIpAddress", DescribeItemConstant.emptyAddresses),
            ("ExpiredTime", .string(expiredTime)),
            ("ImageId", .string(imageID)),
            ("EipAddress", DescribeItemConstant.eipAddress),
            ("HostName", .string(hostName)),
            ("VlanId", ""),
            ("Status", .string(status.rawValue)),
            ("MetadataOptions", DescribeItemConstant.metadataOptions),
            ("InstanceId", .string(instanceID)),
            ("StoppedMode", .string(stoppedModeText(status))),
            ("CpuOptions", cpuOptions),
            ("StartTime", .string(startTime)),
            ("DeletionProtection", .bool(deletionProtection)),
            ("SecurityGroupIds", ["SecurityGroupId": .array(securityGroupIDs.map(JSONValue.string))]),
            (
                "VpcAttributes",
                [
                    "PrivateIpAddress": ["IpAddress": [privateAddress]], "VpcId": .string(vpcID),
                    "VSwitchId": .string(vSwitchID), "NatIpAddress": "",
                ]
            ),
            ("InternetChargeType", .string(internetChargeType)),
            ("InstanceName", .string(instanceName)),
            ("DeploymentSetId", ""),
            ("InternetMaxBandwidthOut", JSONValue(internetMaxBandwidthOut)),
            ("SerialNumber", .string(serialNumber)),
            ("OSType", .string(osType)),
            ("CreationTime", .string(creationTime)),
            ("AutoReleaseTime", .string(autoReleaseTime)),
            ("Description", .string(description)),
            ("InstanceTypeFamily", .string(instanceTypeFamily)),
            ("DedicatedInstanceAttribute", DescribeItemConstant.dedicatedInstance),
            ("PublicIpAddress", publicIPAddress.map { ["IpAddress": [.string($0)]] } ?? DescribeItemConstant.emptyAddresses),
            ("GPUSpec", .string(gpuSpec)),
            (
                "NetworkInterfaces",
                [
                    "NetworkInterface": [
                        [
                            "Type": "Primary", "MacAddress": .string(macAddress),
                            "NetworkInterfaceId": .string(networkInterfaceID), "PrimaryIpAddress": privateAddress,
                            "PrivateIpSets": ["PrivateIpSet": [["PrivateIpAddress": privateAddress, "Primary": true]]],
                        ]
                    ]
                ]
            ),
            ("SpotPriceLimit", DescribeItemConstant.zeroPrice),
            ("OSNameEn", .string(osNameEnglish)),
            ("SaleCycle", ""),
            ("DeviceAvailable", true),
            ("InstanceType", .string(instanceType)),
            ("OperationLocks", DescribeItemConstant.operationLocks),
            ("SpotStrategy", .string(spotStrategy)),
            ("IoOptimized", true),
            ("InternetMaxBandwidthIn", JSONValue(internetMaxBandwidthIn)),
            ("GPUAmount", JSONValue(gpuAmount)),
            ("ZoneId", .string(zoneID)),
            ("RegionId", .string(regionID)),
            ("KeyPairName", .string(keyPairName)),
            ("Recyclable", false),
            ("CreditSpecification", .string(creditSpecification)),
            ("HibernationOptions", DescribeItemConstant.hibernation),
            ("ClusterId", ""),
            ("EcsCapacityReservationAttr", DescribeItemConstant.capacityReservation),
            ("DedicatedHostAttribute", DescribeItemConstant.dedicatedHost),
        ]
        if localStorageAmount > 0 {
            fields.append(("LocalStorageAmount", JSONValue(localStorageAmount)))
            fields.append(("LocalStorageCapacity", JSONValue(localStorageCapacity)))
        }
        if !tags.isEmpty {
            let items = tags.map { tag -> JSONValue in ["TagKey": .string(tag.key), "TagValue": .string(tag.value)] }
            fields.append(("Tags", ["Tag": .array(items)]))
        }
        return JSONObject(uniqueKeysWithValues: fields)
    }

    private var cpuOptions: JSONValue {
        let threads = cpu >= 2 ? 2 : 1
        return ["CoreCount": JSONValue(max(1, cpu / threads)), "ThreadsPerCore": JSONValue(threads), "Numa": "ON"]
    }

}

/// Parts of every instance record that never vary, built once.
enum DescribeItemConstant {
    static let emptyAddresses: JSONValue = ["IpAddress": []]
    static let eipAddress: JSONValue = ["AllocationId": "", "IpAddress": "", "InternetChargeType": ""]
    static let metadataOptions: JSONValue = ["HttpTokens": "optional", "HttpEndpoint": "enabled"]
    static let dedicatedInstance: JSONValue = ["Tenancy": "", "Affinity": ""]
    static let operationLocks: JSONValue = ["LockReason": []]
    static let hibernation: JSONValue = ["Configured": false]
    static let capacityReservation: JSONValue = ["CapacityReservationPreference": "", "CapacityReservationId": ""]
    static let dedicatedHost: JSONValue = [
        "DedicatedHostId": "", "DedicatedHostName": "", "DedicatedHostClusterId": "",
    ]
    static let zeroPrice = JSONValue.number(JSONNumber(literal: "0.0") ?? JSONNumber(0))
}
