// SPDX-License-Identifier: Apache-2.0

import JSON
import Testing

@testable import ECSSimulator

@Suite("Engine: catalog actions")
struct EngineCatalogTests {
    let harness = EngineHarness()

    @Test("the embedded catalog parses and holds every region, image and instance type")
    func catalogLoads() {
        let catalog = Catalog.shared
        #expect(catalog.regions.count == 33)
        #expect(catalog.images.count == 44)
        #expect(catalog.instanceTypes.count == 211)
        #expect(catalog.instanceType("ecs.g7.large")?.memoryMiB == 8192)
        #expect(catalog.image("win2022_21H2_x64_dtc_en-us_40G_alibase_20240711.vhd")?.size == 40)
        // Research annotations are stripped.
        #expect(catalog.images.allSatisfy { image in !image.record.keys.contains { $0.hasPrefix("_") } })
    }

    @Test("DescribeRegions needs no RegionId and answers zh-CN names by default")
    func describeRegions() async {
        let body = await harness.ok("DescribeRegions")
        let regions = body.list("Regions", "Region")
        #expect(regions.count == 33)
        let qingdao = regions.first { $0["RegionId"]?.stringValue == "cn-qingdao" }
        #expect(qingdao?["LocalName"]?.stringValue == "华北1（青岛）")
        #expect(qingdao?["RegionEndpoint"]?.stringValue == "ecs.cn-qingdao.aliyuncs.com")
        #expect(qingdao?["Status"]?.stringValue == "available")
        let english = await harness.ok("DescribeRegions", ["AcceptLanguage": "en-US"])
        #expect(english.list("Regions", "Region")[0]["LocalName"]?.stringValue == "China (Qingdao)")
        let bad = await harness.failure("DescribeRegions", ["AcceptLanguage": "xx"])
        #expect(bad?.code == "InvalidAcceptLanguage.NotFound")
        #expect(bad?.httpStatus == 404)
    }

    @Test("DescribeZones lists the region's zones with names and available types")
    func describeZones() async {
        let body = await harness.ok("DescribeZones", ["RegionId": "cn-hangzhou", "AcceptLanguage": "en-US"])
        let zones = body.list("Zones", "Zone")
        #expect(zones.count == 8)
        #expect(zones[0]["ZoneId"]?.stringValue == "cn-hangzhou-b")
        #expect(zones[0]["LocalName"]?.stringValue == "Hangzhou Zone B")
        let types = zones[0]["AvailableInstanceTypes"]?["InstanceTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(types.contains("ecs.g7.large"))
        #expect(types.count == Catalog.shared.instanceTypes.count - 62)  // no generation 8+ (58), no GPU (4)
        let chinese = await harness.ok("DescribeZones", ["RegionId": "cn-hangzhou", "Verbose": "false"])
        let first = chinese.list("Zones", "Zone")[0]
        #expect(first["LocalName"]?.stringValue == "华东 1 可用区 B")
        #expect(first["AvailableInstanceTypes"] == nil)
    }

    @Test("a missing RegionId is MissingParameter, an unknown one InvalidRegionId.NotFound")
    func regionChecks() async {
        let missing = await harness.failure("DescribeZones")
        #expect(missing?.code == "MissingParameter")
        #expect(missing?.httpStatus == 400)
        #expect(missing?.message.contains("\"RegionId\"") == true)
        let unknown = await harness.failure("DescribeImages", ["RegionId": "mars-north-1"])
        #expect(
            unknown
                == ECSServiceError(
                    code: "InvalidRegionId.NotFound", message: "The specified RegionId does not exist.", httpStatus: 404
                ))
    }

    @Test("an unknown action is InvalidAction.NotFound (404)")
    func unknownAction() async {
        let error = await harness.failure("DescribeDisks", ["RegionId": "cn-hangzhou"])
        #expect(
            error
                == ECSServiceError(
                    code: "InvalidAction.NotFound",
                    message: "Specified api is not found, please check your url and method.",
                    httpStatus: 404))
    }

    @Test("DescribeImages pages 10 by default, filters, and answers DryRun with DryRunOperation")
    func describeImages() async {
        let first = await harness.ok("DescribeImages", ["RegionId": "cn-hangzhou"])
        #expect(first["TotalCount"]?.intValue == 44)
        #expect(first["PageSize"]?.intValue == 10)
        #expect(first["PageNumber"]?.intValue == 1)
        #expect(first["RegionId"]?.stringValue == "cn-hangzhou")
        #expect(first.list("Images", "Image").count == 10)
        let last = await harness.ok("DescribeImages", ["RegionId": "cn-hangzhou", "PageNumber": "5", "PageSize": "10"])
        #expect(last.list("Images", "Image").count == 4)

        let one = await harness.ok("DescribeImages", ["RegionId": "cn-hangzhou", "ImageId": EngineHarness.image])
        let image = one.list("Images", "Image").first
        #expect(image?["ImageId"]?.stringValue == EngineHarness.image)
        #expect(image?["OSType"]?.stringValue == "linux")
        #expect(image?["ImageOwnerAlias"]?.stringValue == "system")

        let none = await harness.ok("DescribeImages", ["RegionId": "cn-hangzhou", "ImageId": "m-doesnotexist"])
        #expect(none["TotalCount"]?.intValue == 0)
        #expect(none["Images"]?["Image"]?.arrayValue == [])

        let windows = await harness.ok(
            "DescribeImages", ["RegionId": "cn-hangzhou", "OSType": "windows", "PageSize": "50"])
        #expect(windows["TotalCount"]?.intValue == 5)
        let arm = await harness.ok(
            "DescribeImages", ["RegionId": "cn-hangzhou", "InstanceType": "ecs.g8y.large", "PageSize": "100"])
        #expect(arm.list("Images", "Image").allSatisfy { $0["Architecture"]?.stringValue == "arm64" })
        #expect((arm["TotalCount"]?.intValue ?? 0) > 0)

        #expect(
            await harness.failure("DescribeImages", ["RegionId": "cn-hangzhou", "DryRun": "True"])?.code
                == "DryRunOperation")
        #expect(
            await harness.failure("DescribeImages", ["RegionId": "cn-hangzhou", "OSType": "beos"])?.code
                == "InvalidOSType")
        #expect(
            await harness.failure("DescribeImages", ["RegionId": "cn-hangzhou", "PageSize": "101"])?.code
                == "InvalidParameter")
        let badType = await harness.failure("DescribeImages", ["RegionId": "cn-hangzhou", "InstanceType": "ecs.nope"])
        #expect(badType?.code == "InvalidInstanceType.ValueNotSupported")
        #expect(badType?.httpStatus == 400)
    }

    @Test("DescribeInstanceTypes returns the whole catalogue, filters, and pages with NextToken")
    func describeInstanceTypes() async {
        let all = await harness.ok("DescribeInstanceTypes")
        #expect(all.list("InstanceTypes", "InstanceType").count == 211)
        #expect(all["NextToken"]?.stringValue == "")
        let chosen = await harness.ok(
            "DescribeInstanceTypes", ["InstanceTypes.1": "ecs.g7.large", "InstanceTypes.2": "ecs.c6.large"])
        let ids = chosen.list("InstanceTypes", "InstanceType").compactMap { $0["InstanceTypeId"]?.stringValue }
        #expect(Set(ids) == ["ecs.g7.large", "ecs.c6.large"])
        let g7 = chosen.list("InstanceTypes", "InstanceType").first {
            $0["InstanceTypeId"]?.stringValue == "ecs.g7.large"
        }
        #expect(g7?["CpuCoreCount"]?.intValue == 2)
        #expect(g7?["MemorySize"]?.doubleValue == 8)

        var seen: [String] = []
        var token: String?
        repeat {
            var parameters = ["MaxResults": "50"]
            if let token { parameters["NextToken"] = token }
            let page = await harness.ok("DescribeInstanceTypes", parameters)
            seen += page.list("InstanceTypes", "InstanceType").compactMap { $0["InstanceTypeId"]?.stringValue }
            token = page["NextToken"]?.stringValue
        } while token?.isEmpty == false && seen.count < 1000
        #expect(seen.count == 211)
        #expect(Set(seen).count == 211)
        #expect(await harness.failure("DescribeInstanceTypes", ["NextToken": "garbage"])?.code == "InvalidParameter")

        var eleven: [String: String] = [:]
        for index in 1...11 { eleven["InstanceTypes.\(index)"] = "ecs.g7.large" }
        #expect(await harness.failure("DescribeInstanceTypes", eleven)?.code == "InvalidParameter")
        let family = await harness.ok("DescribeInstanceTypes", ["InstanceTypeFamily": "ecs.g7"])
        #expect(family.list("InstanceTypes", "InstanceType").count == 9)
    }
}
