import ECSClient
import ECSOperations
import JSON
import Testing

/// instances.create without a vSwitch or zone picks a default vSwitch in a zone that sells the instance type.
@Suite("Core operations: zone choice for create")
struct ZoneChoiceTests {
    static let twoSwitches = #"""
        {"VSwitches":{"VSwitch":[
        {"VSwitchId":"vsw-a","VpcId":"vpc-1","ZoneId":"cn-beijing-a","IsDefault":true},
        {"VSwitchId":"vsw-b","VpcId":"vpc-1","ZoneId":"cn-beijing-b","IsDefault":true},
        {"VSwitchId":"vsw-c","VpcId":"vpc-1","ZoneId":"cn-beijing-c","IsDefault":true}]},"RequestId":"V"}
        """#
    /// Zone a sells only g7; b says so in AvailableInstanceTypes, c only in AvailableResources and cannot create instances.
    static let zones = #"""
        {"Zones":{"Zone":[
        {"ZoneId":"cn-beijing-a","AvailableResourceCreation":{"ResourceTypes":["VSwitch","Instance"]},
         "AvailableInstanceTypes":{"InstanceTypes":["ecs.g7.large"]}},
        {"ZoneId":"cn-beijing-b","AvailableResourceCreation":{"ResourceTypes":["VSwitch","Instance"]},
         "AvailableInstanceTypes":{"InstanceTypes":["ecs.g7.large","ecs.g8i.large"]}},
        {"ZoneId":"cn-beijing-c","AvailableResourceCreation":{"ResourceTypes":["VSwitch"]},
         "AvailableResources":{"ResourcesInfo":[{"InstanceTypes":{"supportedInstanceType":["ecs.gn6i-c4g1.xlarge"]}}]}}
        ]},"RequestId":"Z"}
        """#

    static func scripted(zones: (status: Int, body: String) = (200, zones)) -> ScriptedECS {
        ScriptedECS { action, _ in
            switch action {
            case "DescribeVSwitches": (200, twoSwitches)
            case "DescribeZones": zones
            case "DescribeSecurityGroups":
                (200, #"{"SecurityGroups":{"SecurityGroup":[{"SecurityGroupId":"sg-1","VpcId":"vpc-1"}]},"RequestId":"S"}"#)
            default: (200, #"{"RequestId":"R","InstanceIdSets":{"InstanceIdSet":["i-1"]}}"#)
            }
        }
    }

    @Test("the default vSwitch is taken from a zone whose DescribeZones entry offers the type")
    func picksOfferingZone() async throws {
        let ecs = Self.scripted()
        let result = try await makeOperations(ecs).createInstances(
            CreateInstancesRequest(options: beijing, imageId: "img", instanceType: "ecs.g8i.large"))
        let zonesCall = try #require(ecs.calls("DescribeZones").first)
        #expect(zonesCall.parameters["RegionId"] == "cn-beijing")
        let run = try #require(ecs.calls("RunInstances").first)
        #expect(run.parameters["VSwitchId"] == "vsw-b")
        #expect(run.parameters["ZoneId"] == "cn-beijing-b")
        #expect(result.chosen?["vSwitch"]?["zoneId"] == "cn-beijing-b")
        #expect(result.chosen?["vSwitch"]?["reason"] == "the default vSwitch of the region in a zone that offers ecs.g8i.large")
    }

    @Test("a type sold in no zone that can create instances keeps the first default vSwitch (the service says why)")
    func noOfferingZone() async throws {
        let ecs = Self.scripted()
        _ = try await makeOperations(ecs).createInstances(
            CreateInstancesRequest(options: beijing, imageId: "img", instanceType: "ecs.gn6i-c4g1.xlarge"))
        #expect(ecs.calls("RunInstances").first?.parameters["VSwitchId"] == "vsw-a")
    }

    @Test("a refused DescribeZones falls back to the first default vSwitch; a given zone asks nothing about zones")
    func fallbacks() async throws {
        let refused = Self.scripted(
            zones: (403, #"{"RequestId":"Z","Code":"Forbidden.RAM","Message":"User not authorized to operate on the specified resource."}"#))
        let result = try await makeOperations(refused).createInstances(
            CreateInstancesRequest(options: beijing, imageId: "img", instanceType: "ecs.g8i.large"))
        #expect(refused.calls("RunInstances").first?.parameters["VSwitchId"] == "vsw-a")
        #expect(result.chosen?["vSwitch"]?["reason"] == "the default vSwitch of the region")

        let inZone = Self.scripted()
        _ = try await makeOperations(inZone).createInstances(
            CreateInstancesRequest(options: beijing, imageId: "img", instanceType: "ecs.g8i.large", zoneId: "cn-beijing-c"))
        #expect(inZone.calls("DescribeZones").isEmpty)
        #expect(inZone.calls("RunInstances").first?.parameters["VSwitchId"] == "vsw-c")
    }
}
