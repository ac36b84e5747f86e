// SPDX-License-Identifier: Apache-2.0

import JSON

/// DescribeSecurityGroups and DescribeVSwitches over each region's default network.
extension ECSEngine {
    /// When the default networks "were created": a fixed time, so answers are the same in every run.
    static let networkCreationTime = "2024-01-01T00:00:00Z"

    func describeSecurityGroups(_ parameters: WireParameters) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let network = network(of: region)
        let page = try PageRequest.numbered(parameters, maximum: 50)
        var wanted = try parameters.jsonStringArray("SecurityGroupIds")
        if let single = parameters.string("SecurityGroupId") { wanted = (wanted ?? []) + [single] }
        let vpcID = parameters.string("VpcId")
        let name = parameters.string("SecurityGroupName")
        let groupType = parameters.string("SecurityGroupType")
        if try parameters.bool("DryRun", default: false) { throw .dryRunOperation }

        var groups: [JSONObject] = []
        let include =
            (wanted.map { $0.contains(network.securityGroupID) } ?? true)
            && (vpcID.map { $0 == network.vpcID } ?? true)
            && (name.map { NamePattern.fuzzyMatches("default", pattern: $0) } ?? true)
            && (groupType.map { $0 == "normal" } ?? true)
        if include {
            groups.append([
                "SecurityGroupId": .string(network.securityGroupID), "SecurityGroupName": "default",
                "Description": "System created security group.", "VpcId": .string(network.vpcID),
                "SecurityGroupType": "normal", "CreationTime": .string(ECSEngine.networkCreationTime),
                "ResourceGroupId": "", "ServiceManaged": false, "Tags": ["Tag": []],
            ])
        }
        let items = page.slice(groups).map(JSONValue.object)
        return [
            "RegionId": .string(region.regionID), "TotalCount": JSONValue(groups.count),
            "PageNumber": JSONValue(page.number), "PageSize": JSONValue(page.size), "NextToken": "",
            "SecurityGroups": ["SecurityGroup": .array(items)],
        ]
    }

    func describeVSwitches(_ parameters: WireParameters) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let network = network(of: region)
        let page = try PageRequest.numbered(parameters, maximum: 50)
        let vpcID = parameters.string("VpcId")
        let vSwitchID = parameters.string("VSwitchId")
        let zoneID = parameters.string("ZoneId")
        if let zoneID, !region.zoneIDs.contains(zoneID) { throw .zoneNotFound }
        let isDefault = try parameters.bool("IsDefault")

        let matches = network.vSwitches.filter { vSwitch in
            if let vpcID, vSwitch.vpcID != vpcID { return false }
            if let vSwitchID, vSwitch.vSwitchID != vSwitchID { return false }
            if let zoneID, vSwitch.zoneID != zoneID { return false }
            if isDefault == false { return false }
            return true
        }
        let items = page.slice(matches).map { vSwitch -> JSONValue in
            let used = store.addresses.usedCount(in: vSwitch.vSwitchID)
            return [
                "VSwitchId": .string(vSwitch.vSwitchID), "VpcId": .string(vSwitch.vpcID), "Status": "Available",
                "CidrBlock": .string(vSwitch.cidrBlock), "Ipv6CidrBlock": "", "ZoneId": .string(vSwitch.zoneID),
                "AvailableIpAddressCount": JSONValue(DefaultVSwitch.usableOffsets.count - used),
                "Description": "", "VSwitchName": "", "CreationTime": .string(ECSEngine.networkCreationTime),
                "IsDefault": true, "ResourceGroupId": "", "Tags": ["Tag": []],
            ]
        }
        return [
            "TotalCount": JSONValue(matches.count), "PageNumber": JSONValue(page.number),
            "PageSize": JSONValue(page.size), "VSwitches": ["VSwitch": .array(items)],
        ]
    }
}
