// SPDX-License-Identifier: Apache-2.0

import JSON
import Testing

@testable import ECSSimulator

@Suite("Engine: default VPC, vSwitches and security group")
struct EngineNetworkTests {
    let harness = EngineHarness()

    @Test("each zone has a default /20 vSwitch of the default VPC, with ids stable across engines")
    func vSwitches() async {
        let body = await harness.ok("DescribeVSwitches", ["RegionId": "cn-hangzhou"])
        let switches = body.list("VSwitches", "VSwitch")
        #expect(body["TotalCount"]?.intValue == 8)
        #expect(switches.count == 8)
        let first = switches[0]
        #expect(first["ZoneId"]?.stringValue == "cn-hangzhou-b")
        #expect(first["CidrBlock"]?.stringValue == "172.16.0.0/20")
        #expect(switches[1]["CidrBlock"]?.stringValue == "172.16.16.0/20")
        #expect(first["IsDefault"]?.boolValue == true)
        #expect(first["VSwitchId"]?.stringValue?.hasPrefix("vsw-bp1") == true)
        #expect(first["VSwitchId"]?.stringValue?.count == 24)
        #expect(first["AvailableIpAddressCount"]?.intValue == 4092)

        let other = EngineHarness()
        let again = await other.ok("DescribeVSwitches", ["RegionId": "cn-hangzhou"])
        #expect(again.list("VSwitches", "VSwitch") == switches)

        let zone = await harness.ok("DescribeVSwitches", ["RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-k"])
        #expect(zone.list("VSwitches", "VSwitch").count == 1)
        let unknownZone = await harness.failure(
            "DescribeVSwitches", ["RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-z"])
        #expect(unknownZone?.code == "InvalidZoneId.NotFound")
        let shanghai = await harness.ok("DescribeVSwitches", ["RegionId": "cn-shanghai"])
        #expect(shanghai.list("VSwitches", "VSwitch")[0]["VSwitchId"]?.stringValue?.hasPrefix("vsw-uf6") == true)
    }

    @Test("each region has one default security group in the default VPC")
    func securityGroups() async {
        let body = await harness.ok("DescribeSecurityGroups", ["RegionId": "cn-hangzhou"])
        let groups = body.list("SecurityGroups", "SecurityGroup")
        #expect(groups.count == 1)
        #expect(groups[0]["SecurityGroupId"]?.stringValue == harness.network.securityGroupID)
        #expect(groups[0]["SecurityGroupId"]?.stringValue?.hasPrefix("sg-bp1") == true)
        #expect(groups[0]["VpcId"]?.stringValue == harness.network.vpcID)
        let byVpc = await harness.ok("DescribeSecurityGroups", ["RegionId": "cn-hangzhou", "VpcId": "vpc-other"])
        #expect(byVpc.list("SecurityGroups", "SecurityGroup").isEmpty)
        #expect(harness.network.vpcID != RegionNetwork.all["cn-beijing"]?.vpcID)
    }
}
