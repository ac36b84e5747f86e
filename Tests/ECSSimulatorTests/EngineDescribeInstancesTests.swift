// SPDX-License-Identifier: Apache-2.0

import JSON
import Testing

@testable import ECSSimulator

@Suite("Engine: DescribeInstances and DescribeInstanceStatus")
struct EngineDescribeInstancesTests {
    let harness = EngineHarness(transitionMilliseconds: 0)

    func ids(_ body: JSONObject) -> [String] {
        body.list("Instances", "Instance").compactMap { $0["InstanceId"]?.stringValue }
    }

    @Test("an empty region answers the real empty shape")
    func emptyShape() async {
        let body = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(
            body == [
                "Instances": ["Instance": []], "TotalCount": 0, "NextToken": "", "PageSize": 10, "PageNumber": 1,
            ])
    }

    @Test("PageNumber/PageSize: default 10, maximum 100, pages in creation order")
    func pageNumbers() async {
        let created = await harness.run(["Amount": "25"])
        let first = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(first["TotalCount"]?.intValue == 25)
        #expect(ids(first) == Array(created[0..<10]))
        let third = await harness.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "PageNumber": "3", "PageSize": "10"])
        #expect(ids(third) == Array(created[20..<25]))
        #expect(third["PageNumber"]?.intValue == 3)
        let beyond = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "PageNumber": "9"])
        #expect(ids(beyond).isEmpty)
        let all = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "PageSize": "100"])
        #expect(ids(all) == created)
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "PageSize": "101"])?.code
                == "InvalidParameter")
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "PageNumber": "0"])?.code
                == "InvalidParameter")
    }

    @Test("NextToken/MaxResults: MaxResults below 10 means 10, above 100 means 100; the last page has an empty token")
    func nextTokens() async {
        let created = await harness.run(["Amount": "100"])
        _ = await harness.run(["Amount": "30"])
        var collected: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var parameters = ["RegionId": "cn-hangzhou", "MaxResults": "3"]
            if let token { parameters["NextToken"] = token }
            let page = await harness.ok("DescribeInstances", parameters)
            #expect(page.list("Instances", "Instance").count <= 10)
            collected += ids(page)
            token = page["NextToken"]?.stringValue
            pages += 1
        } while token?.isEmpty == false && pages < 50
        #expect(pages == 13)
        #expect(collected.count == 130)
        #expect(Array(collected.prefix(100)) == created)
        let big = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "MaxResults": "500"])
        #expect(ids(big).count == 100)
        #expect(big["NextToken"]?.stringValue?.isEmpty == false)
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "NextToken": "bogus"])?.code
                == "InvalidParameter")
    }

    @Test("InstanceIds as a JSON array, with or without spaces; [] returns nothing; unknown ids are absent")
    func instanceIDs() async {
        let created = await harness.run(["Amount": "3"])
        let compact = await harness.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": "[\"\(created[0])\",\"\(created[2])\"]"])
        #expect(ids(compact) == [created[0], created[2]])
        let spaced = await harness.ok(
            "DescribeInstances",
            ["RegionId": "cn-hangzhou", "InstanceIds": "[\"\(created[1])\", \"i-bp1unknown00000000\"]"])
        #expect(ids(spaced) == [created[1]])
        #expect(spaced["TotalCount"]?.intValue == 1)
        let empty = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": "[]"])
        #expect(ids(empty).isEmpty)
        let malformed = await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": "i-abc"])
        #expect(malformed?.code == "InvalidParameter")
        let tooMany = "[" + (1...101).map { "\"i-\($0)\"" }.joined(separator: ",") + "]"
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": tooMany])?.code
                == "InvalidParameter")
    }

    @Test("InstanceIds: creation order whatever the listed order; other accounts' and regions' ids are absent")
    func instanceIDsScope() async {
        let created = await harness.run(["Amount": "3"])
        let listed = "[\"\(created[2])\",\"\(created[0])\",\"\(created[2])\"]"
        let body = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": listed])
        #expect(ids(body) == [created[0], created[2]])
        #expect(body["TotalCount"]?.intValue == 2)
        let filtered = await harness.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": listed, "InstanceName": "nothing-*"])
        #expect(ids(filtered).isEmpty)
        let paged = await harness.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": listed, "PageSize": "1", "PageNumber": "2"])
        #expect(ids(paged) == [created[2]])
        let other = await harness.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": listed], account: "another-account")
        #expect(ids(other).isEmpty)
        let beijing = await harness.ok("DescribeInstances", ["RegionId": "cn-beijing", "InstanceIds": listed])
        #expect(ids(beijing).isEmpty)
    }

    @Test(
        "filters: Status, InstanceName with *, ZoneId, VpcId, VSwitchId, SecurityGroupId, InstanceType, ImageId, Tag.N")
    func filters() async {
        let web = await harness.run([
            "Amount": "2", "InstanceName": "web-[1,2]", "Tag.1.Key": "role", "Tag.1.Value": "web",
        ])
        let secondZone = harness.network.vSwitches[1]
        let db = await harness.run([
            "InstanceName": "db-main", "VSwitchId": secondZone.vSwitchID, "InstanceType": "ecs.c6.large",
            "ImageId": "debian_12_6_x64_20G_alibase_20240711.vhd", "Tag.1.Key": "role", "Tag.1.Value": "db",
        ])
        _ = await harness.ok("StopInstances", ["RegionId": "cn-hangzhou", "InstanceId.1": web[0]])
        func query(_ extra: [String: String]) async -> [String] {
            var parameters = ["RegionId": "cn-hangzhou"]
            parameters.merge(extra) { _, new in new }
            return ids(await harness.ok("DescribeInstances", parameters))
        }
        #expect(await query(["Status": "Stopped"]) == [web[0]])
        #expect(await query(["Status": "Running"]) == [web[1], db[0]])
        #expect(await query(["InstanceName": "web-*"]) == web)
        #expect(await query(["InstanceName": "*main"]) == db)
        #expect(await query(["InstanceName": "web"]) == [])
        #expect(await query(["InstanceName": "db-main"]) == db)
        #expect(await query(["ZoneId": secondZone.zoneID]) == db)
        #expect(await query(["VSwitchId": harness.vSwitch.vSwitchID]) == web)
        #expect(await query(["VpcId": harness.network.vpcID]).count == 3)
        #expect(await query(["VpcId": "vpc-elsewhere"]) == [])
        #expect(await query(["SecurityGroupId": harness.network.securityGroupID]).count == 3)
        #expect(await query(["InstanceType": "ecs.c6.large"]) == db)
        #expect(await query(["ImageId": EngineHarness.image]) == web)
        #expect(await query(["Tag.1.Key": "role", "Tag.1.Value": "db"]) == db)
        #expect(await query(["Tag.1.Key": "role"]).count == 3)
        #expect(await query(["Tag.1.Key": "role", "Status": "Running", "ZoneId": harness.vSwitch.zoneID]) == [web[1]])
        #expect(await query(["InstanceNetworkType": "classic"]) == [])
        let total = await harness.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "Status": "Running", "PageSize": "1"])
        #expect(total["TotalCount"]?.intValue == 2)
        #expect(ids(total) == [web[1]])
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "Status": "Sleeping"])?.code
                == "InvalidStatus.NotFound")
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "Tag.1.Value": "x"])?.code
                == "InvalidTag.Mismatch")
        #expect(
            await harness.failure("DescribeInstances", ["RegionId": "cn-hangzhou", "DryRun": "true"])?.code
                == "DryRunOperation")
    }

    @Test("Filter.N CreationStartTime and CreationEndTime bound the creation minute")
    func creationTimeFilters() async {
        let early = await harness.run()
        harness.clock.advance(milliseconds: 3_600_000)
        let late = await harness.run()
        let lateMinute = await harness.describe(late[0])?["CreationTime"]?.stringValue ?? ""
        func query(_ key: String, _ value: String) async -> [String] {
            ids(
                await harness.ok(
                    "DescribeInstances", ["RegionId": "cn-hangzhou", "Filter.1.Key": key, "Filter.1.Value": value]))
        }
        #expect(await query("CreationStartTime", lateMinute) == late)
        #expect(await query("CreationEndTime", lateMinute) == early + late)
        let before = await harness.describe(early[0])?["CreationTime"]?.stringValue ?? ""
        #expect(await query("CreationEndTime", before) == early)
        let badKey = await harness.failure(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "Filter.1.Key": "Color", "Filter.1.Value": "x"])
        #expect(badKey?.code == "InvalidFilterKey.NotFound")
        let badValue = await harness.failure(
            "DescribeInstances",
            ["RegionId": "cn-hangzhou", "Filter.1.Key": "CreationStartTime", "Filter.1.Value": "yesterday"])
        #expect(badValue?.code == "InvalidFilterValue")
    }

    @Test("instances belong to one account and one region")
    func isolation() async {
        _ = await harness.run(["Amount": "2"])
        let other = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"], account: "another-account")
        #expect(other["TotalCount"]?.intValue == 0)
        let beijing = await harness.ok("DescribeInstances", ["RegionId": "cn-beijing"])
        #expect(beijing["TotalCount"]?.intValue == 0)
    }

    @Test("DescribeInstanceStatus pages (PageSize 1–50) and filters by InstanceId.N and ZoneId")
    func instanceStatus() async {
        let created = await harness.run(["Amount": "12"])
        let first = await harness.ok("DescribeInstanceStatus", ["RegionId": "cn-hangzhou"])
        #expect(first["TotalCount"]?.intValue == 12)
        #expect(first["PageSize"]?.intValue == 10)
        let statuses = first.list("InstanceStatuses", "InstanceStatus")
        #expect(statuses.count == 10)
        #expect(statuses[0] == ["InstanceId": .string(created[0]), "Status": "Running"])
        let second = await harness.ok("DescribeInstanceStatus", ["RegionId": "cn-hangzhou", "PageNumber": "2"])
        #expect(second.list("InstanceStatuses", "InstanceStatus").count == 2)
        let chosen = await harness.ok(
            "DescribeInstanceStatus",
            ["RegionId": "cn-hangzhou", "InstanceId.1": created[3], "InstanceId.2": created[5]])
        #expect(
            chosen.list("InstanceStatuses", "InstanceStatus").compactMap { $0["InstanceId"]?.stringValue } == [
                created[3], created[5],
            ])
        #expect(
            await harness.failure("DescribeInstanceStatus", ["RegionId": "cn-hangzhou", "PageSize": "51"])?.code
                == "InvalidParameter")
        #expect(
            await harness.failure("DescribeInstanceStatus", ["RegionId": "cn-hangzhou", "ZoneId": "nowhere"])?.code
                == "InvalidZoneId.NotFound")
        let zone = await harness.ok("DescribeInstanceStatus", ["RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-k"])
        #expect(zone["TotalCount"]?.intValue == 0)
    }
}
