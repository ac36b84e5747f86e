// SPDX-License-Identifier: Apache-2.0

import JSON
import Testing

@testable import ECSSimulator

/// Per-zone instance type availability (our documented rule), as DescribeZones reports it and creates obey it.
@Suite("Engine: zone availability")
struct ZoneAvailabilityTests {
    let harness = EngineHarness()

    private func offered(_ zone: JSONValue) -> Set<String> {
        Set(zone["AvailableInstanceTypes"]?["InstanceTypes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    @Test("DescribeZones lists each zone's own types: no newest generation in the oldest zone, GPUs only in the newest")
    func describeZonesPerZone() async throws {
        let body = await harness.ok("DescribeZones", ["RegionId": "cn-hangzhou"])
        let zones = body.list("Zones", "Zone")
        try #require(zones.count == 8)
        let oldest = offered(zones[0])
        let middle = offered(zones[3])
        let newest = offered(zones[7])
        #expect(oldest.contains("ecs.g7.large") && middle.contains("ecs.g7.large") && newest.contains("ecs.g7.large"))
        #expect(!oldest.contains("ecs.g8i.large") && middle.contains("ecs.g8i.large") && newest.contains("ecs.g8i.large"))
        #expect(!oldest.contains("ecs.hfc9i.large") && newest.contains("ecs.hfc9i.large"))
        #expect(oldest.contains("ecs.t1.xsmall") && !middle.contains("ecs.t1.xsmall") && !newest.contains("ecs.t1.xsmall"))
        #expect(!oldest.contains("ecs.gn6i-c4g1.xlarge") && !middle.contains("ecs.gn6i-c4g1.xlarge"))
        #expect(newest.contains("ecs.gn6i-c4g1.xlarge"))
        #expect(oldest.count < Catalog.shared.instanceTypes.count)
        // The second list says the same, and the families follow the types.
        let resources = try #require(zones[0]["AvailableResources"]?["ResourcesInfo"]?[0])
        let supported = resources["InstanceTypes"]?["supportedInstanceType"]?.arrayValue?.compactMap(\.stringValue)
        #expect(Set(supported ?? []) == oldest)
        let families = Set(
            resources["InstanceTypeFamilies"]?["supportedInstanceTypeFamily"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(families.contains("ecs.g7") && !families.contains("ecs.g8i") && !families.contains("ecs.gn6i"))
    }

    @Test("every instance type is offered in at least one zone of every region that has zones")
    func everyTypeSomewhere() {
        let catalog = Catalog.shared
        for region in catalog.regions where !region.zoneIDs.isEmpty {
            let missing = catalog.instanceTypes.filter { type in
                !region.zoneIDs.contains { ZoneAvailability.offers(type, zoneID: $0, in: region) }
            }
            #expect(missing.isEmpty, "\(region.regionID): \(missing.map(\.typeID))")
        }
        let single = catalog.region("cn-nanjing").map {
            ZoneAvailability.offeredTypes(zoneID: "cn-nanjing-a", in: $0, catalog: catalog)
        }
        #expect(single?.count == catalog.instanceTypes.count)
        let unknownZone = catalog.region("cn-hangzhou").map {
            ZoneAvailability.offers(catalog.instanceTypes[0], zoneID: "cn-hangzhou-z", in: $0)
        }
        #expect(unknownZone == false)
    }

    @Test("the family generation is the first number of the family name")
    func generations() throws {
        let catalog = Catalog.shared
        #expect(catalog.instanceType("ecs.g8ae.large")?.generation == 8)
        #expect(catalog.instanceType("ecs.hfc9i.large")?.generation == 9)
        #expect(catalog.instanceType("ecs.gn6i-c4g1.xlarge")?.generation == 6)
        #expect(catalog.instanceType("ecs.u1-c1m1.large")?.generation == 1)
        let entry = try #require(catalog.instanceTypes.first { $0.family == "ecs.e" })
        #expect(entry.generation == nil)
    }

    @Test(
        "RunInstances and CreateInstance refuse a type the vSwitch's zone does not sell, dry runs too",
        arguments: ["RunInstances", "CreateInstance"])
    func refusedInZone(action: String) async {
        let oldestZone = harness.vSwitch
        #expect(oldestZone.zoneID == "cn-hangzhou-b")
        let expected = ECSServiceError(
            code: "InvalidInstanceType.ZoneNotSupported", message: "The specified zone does not support this instancetype.",
            httpStatus: 403)
        for extra in [
            ["InstanceType": "ecs.g8i.large"],
            ["InstanceType": "ecs.g8i.large", "ZoneId": "cn-hangzhou-b"],
            ["InstanceType": "ecs.g8i.large", "DryRun": "true"],
        ] {
            #expect(await harness.failure(action, harness.runParameters(extra)) == expected, "\(extra)")
        }
        let newer = harness.network.vSwitches[1]
        let other = ["InstanceType": "ecs.t1.xsmall", "VSwitchId": newer.vSwitchID, "ZoneId": newer.zoneID]
        #expect(await harness.failure(action, harness.runParameters(other)) == expected)
        // Nothing was created by the refusals; the same types launch where they are sold.
        let listed = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(listed["TotalCount"]?.intValue == 0)
        let placed = await harness.run(["InstanceType": "ecs.g8i.large", "VSwitchId": newer.vSwitchID], action: action)
        #expect(placed.count == 1)
        let old = await harness.run(["InstanceType": "ecs.t1.xsmall"], action: action)
        #expect(old.count == 1)
        if let id = placed.first { #expect(await harness.describe(id)?["ZoneId"]?.stringValue == newer.zoneID) }
    }

    @Test("a type sold in the zone passes a dry run")
    func dryRunPassesWhereSold() async {
        let newer = harness.network.vSwitches[1]
        let error = await harness.failure(
            "RunInstances",
            harness.runParameters(["InstanceType": "ecs.g8i.large", "VSwitchId": newer.vSwitchID, "DryRun": "true"]))
        #expect(error?.code == "DryRunOperation")
    }
}
