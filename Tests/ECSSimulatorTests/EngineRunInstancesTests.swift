// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON
import Testing

@testable import ECSSimulator

@Suite("Engine: RunInstances and CreateInstance")
struct EngineRunInstancesTests {
    let harness = EngineHarness()

    @Test("RunInstances creates Amount instances with realistic DescribeInstances records")
    func createsRealisticRecords() async throws {
        let body = await harness.ok(
            "RunInstances", harness.runParameters(["Amount": "2", "Tag.1.Key": "env", "Tag.1.Value": "dev"]))
        let ids = body.list("InstanceIdSets", "InstanceIdSet").compactMap(\.stringValue)
        #expect(ids.count == 2)
        #expect(body["TradePrice"]?.doubleValue ?? 0 > 0)
        #expect(body["OrderId"] == nil)
        for id in ids {
            #expect(id.hasPrefix("i-bp1"))
            #expect(id.count == 22)
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
        }
        let item = try #require(await harness.describe(ids[0]))
        #expect(item["InstanceId"]?.stringValue == ids[0])
        #expect(item["InstanceName"]?.stringValue == ids[0])
        #expect(item["HostName"]?.stringValue == "iZ" + ids[0].dropFirst(2) + "Z")
        #expect(item["Status"]?.stringValue == "Pending")
        #expect(item["RegionId"]?.stringValue == "cn-hangzhou")
        #expect(item["ZoneId"]?.stringValue == "cn-hangzhou-b")
        #expect(item["Cpu"]?.intValue == 2)
        #expect(item["Memory"]?.intValue == 8192)
        #expect(item["InstanceType"]?.stringValue == "ecs.g7.large")
        #expect(item["InstanceTypeFamily"]?.stringValue == "ecs.g7")
        #expect(item["OSName"]?.stringValue == "Ubuntu  22.04 64位")
        #expect(item["OSNameEn"]?.stringValue == "Ubuntu  22.04 64 bit")
        #expect(item["OSType"]?.stringValue == "linux")
        #expect(item["InstanceNetworkType"]?.stringValue == "vpc")
        #expect(item["InstanceChargeType"]?.stringValue == "PostPaid")
        #expect(item["ExpiredTime"]?.stringValue == "2099-12-31T15:59Z")
        #expect(item["StoppedMode"]?.stringValue == "Not-applicable")
        #expect(item["InternetMaxBandwidthIn"]?.intValue == -1)
        let creation = try #require(item["CreationTime"]?.stringValue)
        #expect(creation.count == 17 && creation.hasSuffix("Z") && creation.dropFirst(10).first == "T")
        #expect(item["VpcAttributes"]?["VpcId"]?.stringValue == harness.network.vpcID)
        #expect(item["VpcAttributes"]?["VSwitchId"]?.stringValue == harness.vSwitch.vSwitchID)
        let address = try #require(item["VpcAttributes"]?["PrivateIpAddress"]?["IpAddress"]?[0]?.stringValue)
        #expect(harness.vSwitch.contains(try #require(IPv4Address.parse(address))))
        #expect(item["SecurityGroupIds"]?["SecurityGroupId"]?.arrayValue == [.string(harness.network.securityGroupID)])
        #expect(item["Tags"]?["Tag"]?.arrayValue == [["TagKey": "env", "TagValue": "dev"]])
        #expect(
            item["NetworkInterfaces"]?["NetworkInterface"]?[0]?["MacAddress"]?.stringValue?.hasPrefix("00:16:3e:")
                == true)
        #expect(item["PublicIpAddress"]?["IpAddress"]?.arrayValue == [])
        let other = try #require(await harness.describe(ids[1]))
        #expect(other["VpcAttributes"]?["PrivateIpAddress"] != item["VpcAttributes"]?["PrivateIpAddress"])
    }

    @Test("RunInstances goes Pending → Starting → Running; CreateInstance ends Stopped")
    func creationTransitions() async {
        let ids = await harness.run()
        #expect(await harness.status(ids[0]) == "Pending")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(ids[0]) == "Starting")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(ids[0]) == "Running")

        let created = await harness.run(action: "CreateInstance")
        #expect(created.count == 1)
        #expect(await harness.status(created[0]) == "Pending")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(created[0]) == "Stopped")
        #expect(await harness.describe(created[0])?["StoppedMode"]?.stringValue == "KeepCharging")
    }

    @Test("a zero transition time makes RunInstances Running at once")
    func immediateTransitions() async {
        let fast = EngineHarness(transitionMilliseconds: 0)
        let ids = await fast.run()
        #expect(await fast.status(ids[0]) == "Running")
    }

    @Test("a public bandwidth gives RunInstances instances a public address")
    func publicAddress() async throws {
        let ids = await harness.run(["InternetMaxBandwidthOut": "5"])
        let item = try #require(await harness.describe(ids[0]))
        #expect(item["PublicIpAddress"]?["IpAddress"]?.arrayValue?.count == 1)
        #expect(item["InternetMaxBandwidthOut"]?.intValue == 5)
        #expect(item["InternetMaxBandwidthIn"]?.intValue == 10)
        let created = await harness.run(["InternetMaxBandwidthOut": "5"], action: "CreateInstance")
        #expect(await harness.describe(created[0])?["PublicIpAddress"]?["IpAddress"]?.arrayValue == [])
    }

    @Test("DryRun validates and answers DryRunOperation without creating anything")
    func dryRun() async {
        let error = await harness.failure("RunInstances", harness.runParameters(["DryRun": "true", "Amount": "3"]))
        #expect(
            error
                == ECSServiceError(
                    code: "DryRunOperation", message: "Request validation has been passed with DryRun flag set.",
                    httpStatus: 400))
        let createError = await harness.failure("CreateInstance", harness.runParameters(["DryRun": "True"]))
        #expect(createError?.code == "DryRunOperation")
        let failing = await harness.failure(
            "RunInstances", harness.runParameters(["DryRun": "true", "Password": "test"]))
        #expect(failing?.code == "InvalidPassword.Malformed")
        let listed = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(listed["TotalCount"]?.intValue == 0)
    }

    @Test(
        "invalid requests get the service's codes and statuses",
        arguments: [
            (["RegionId": "xx-nowhere-1"], "InvalidRegionId.NotFound", 404),
            (["ImageId": ""], "MissingParameter", 400),
            (["InstanceType": ""], "MissingParameter", 400),
            (["VSwitchId": ""], "MissingParameter", 400),
            (["SecurityGroupId": ""], "MissingParameter", 400),
            (["ImageId": "m-nothere"], "InvalidImageId.NotFound", 404),
            (["InstanceType": "ecs.nothing.large"], "InvalidInstanceType.ValueNotSupported", 400),
            (["InstanceType": "ecs.g8y.large"], "ImageNotSupportInstanceType", 403),
            (["ZoneId": "cn-hangzhou-z"], "InvalidZoneId.NotFound", 404),
            (["ZoneId": "cn-hangzhou-k"], "InvalidParameter.Mismatch", 400),
            (["VSwitchId": "vsw-bp1doesnotexist00000"], "InvalidVSwitchId.NotFound", 404),
            (["SecurityGroupId": "sg-bp1doesnotexist0000"], "InvalidSecurityGroupId.NotFound", 404),
            (["SecurityGroupId": RegionNetwork.all["cn-beijing"]!.securityGroupID], "InvalidSecurityGroupId.NotFound", 404),
            (["VSwitchId": RegionNetwork.all["cn-beijing"]!.vSwitches[0].vSwitchID], "InvalidVSwitchId.NotFound", 404),
            (["Amount": "0"], "InvalidAmount.Malformed", 400),
            (["Amount": "101"], "InvalidAmount.Malformed", 400),
            (["Amount": "two"], "InvalidAmount.Malformed", 400),
            (["Amount": "2", "MinAmount": "3"], "InvalidMinAmount.Malformed", 400),
            (["MinAmount": "0"], "InvalidMinAmount.Malformed", 400),
            (["Password": "test"], "InvalidPassword.Malformed", 400),
            (["Password": "alllowercase1"], "InvalidPassword.Malformed", 400),
            (["Password": "Has Space1!"], "InvalidPassword.Malformed", 400),
            (["Password": "Abcdefghijklmnopqrstuvwxyz12345"], "InvalidPassword.Malformed", 400),
            (["Password": "Abc12345", "PasswordInherit": "true"], "InvalidPasswordParam.Mismatch", 400),
            (["InstanceName": "1abc"], "InvalidInstanceName.Malformed", 400),
            (["InstanceName": "http://x"], "InvalidInstanceName.Malformed", 400),
            (["InstanceName": "a"], "InvalidInstanceName.Malformed", 400),
            (["InstanceName": "web[1,9]"], "InvalidInstanceName.CustomMalformed", 400),
            (["InstanceName": "web[1]"], "InvalidInstanceName.CustomMalformed", 400),
            (["InstanceName": "web[1, 2]"], "InvalidInstanceName.CustomMalformed", 400),
            (["HostName": "-bad"], "InvalidHostName.Malformed", 400),
            (["HostName": "a..b"], "InvalidHostName.Malformed", 400),
            (["HostName": "under_score"], "InvalidHostName.Malformed", 400),
            (
                ["InstanceName": "a" + String(repeating: "b", count: 126), "UniqueSuffix": "true"],
                "InvalidParams.InstanceNameExceed", 403
            ),
            (
                ["HostName": String(repeating: "h", count: 63), "UniqueSuffix": "true"], "InvalidParams.HostnameExceed",
                403
            ),
            (["SystemDisk.Size": "10"], "InvalidSystemDiskSize.LessThanImageSize", 404),
            (["SystemDisk.Size": "3000"], "InvalidSystemDiskSize.MoreThanMaxSize", 404),
            (["SystemDisk.Category": "cloud", "SystemDisk.Size": "600"], "InvalidSystemDiskSize.MoreThanMaxSize", 404),
            (["SystemDisk.Category": "floppy"], "InvalidSystemDiskCategory.ValueNotSupported", 400),
            (["InternetChargeType": "Free"], "InvalidInternetChargeType.ValueNotSupported", 400),
            (["InternetMaxBandwidthOut": "101"], "InvalidParameter", 400),
            (["InstanceChargeType": "Free"], "InvalidInstanceChargeType.NotFound", 404),
            (["SpotStrategy": "Cheap"], "InvalidSpotStrategy", 400),
            (["Description": "https://example.com"], "InvalidDescription.Malformed", 400),
            (["Tag.1.Value": "orphan"], "InvalidTag.Mismatch", 400),
            (["Tag.21.Key": "k"], "InvalidTagCount", 400),
            (["Tag.1.Key": "aliyun-x"], "InvalidTagKey.Malformed", 400),
            (["KeyPairName": "mykey"], "InvalidKeyPairName.NotFound", 404),
            (["ClientToken": String(repeating: "t", count: 65)], "InvalidClientToken.ValueNotSupported", 400),
            (["DryRun": "maybe"], "InvalidParameter", 400),
            (["AutoReleaseTime": "2020-01-01T00:00:00Z"], "InvalidAutoReleaseTime.Malformed", 400),
            (["PrivateIpAddress": "10.0.0.1"], "InvalidPrivateIpAddress.Malformed", 400),
            (["DataDisk.1.Size": "10"], "InvalidDataDiskSize.ValueNotSupported", 400),
            (["DataDisk.1.Size": "100", "DataDisk.1.Category": "tape"], "InvalidDataDiskCategory.ValueNotSupported", 400),
            (["DataDisk.17.Size": "100"], "InvalidParameter", 400),
            // Formats are checked before referenced resources (facts §5).
            (["ImageId": "m-nothere", "Password": "test"], "InvalidPassword.Malformed", 400),
            (["VSwitchId": "vsw-nothere", "InstanceName": "1bad"], "InvalidInstanceName.Malformed", 400),
            (["ImageId": "win2022_21H2_x64_dtc_en-us_40G_alibase_20240711.vhd", "Password": "/Abcdef12"],
             "InvalidPassword.Malformed", 400),
        ] as [([String: String], String, Int)])
    func validation(extra: [String: String], code: String, status: Int) async {
        let error = await harness.failure("RunInstances", harness.runParameters(extra))
        #expect(error?.code == code)
        #expect(error?.httpStatus == status)
    }

    @Test("a weak password never appears in the error")
    func passwordNotEchoed() async {
        let error = await harness.failure("RunInstances", harness.runParameters(["Password": "test"]))
        #expect(error?.message == "The specified parameter \"Password\" is not valid.")
        #expect(await harness.run(["Password": "Str0ng!Pass"]).count == 1)
    }

    @Test("UniqueSuffix appends 001, 002, … to names and host names")
    func uniqueSuffix() async {
        let ids = await harness.run([
            "Amount": "3", "UniqueSuffix": "true", "InstanceName": "test", "HostName": "LocalHost",
        ])
        var names: [String] = []
        var hosts: [String] = []
        for id in ids {
            let item = await harness.describe(id)
            names.append(item?["InstanceName"]?.stringValue ?? "")
            hosts.append(item?["HostName"]?.stringValue ?? "")
        }
        #expect(names == ["test001", "test002", "test003"])
        #expect(hosts == ["LocalHost001", "LocalHost002", "LocalHost003"])
    }

    @Test("the [begin,bits] syntax numbers the batch; without a suffix it overrides UniqueSuffix")
    func sequenceNames() async {
        let ids = await harness.run([
            "Amount": "3", "InstanceName": "testinstance[123,4]tail", "HostName": "k8s-node-[1,4]-ali",
        ])
        var names: [String] = []
        var hosts: [String] = []
        for id in ids {
            let item = await harness.describe(id)
            names.append(item?["InstanceName"]?.stringValue ?? "")
            hosts.append(item?["HostName"]?.stringValue ?? "")
        }
        #expect(names == ["testinstance0123tail", "testinstance0124tail", "testinstance0125tail"])
        #expect(hosts == ["k8s-node-0001-ali", "k8s-node-0002-ali", "k8s-node-0003-ali"])

        let more = await harness.run(["Amount": "2", "InstanceName": "instance-[99,3]", "UniqueSuffix": "true"])
        var moreNames: [String] = []
        for id in more { moreNames.append(await harness.describe(id)?["InstanceName"]?.stringValue ?? "") }
        #expect(moreNames == ["instance-099", "instance-100"])

        let defaults = await harness.run(["Amount": "2", "InstanceName": "plain[]"])
        var defaultNames: [String] = []
        for id in defaults { defaultNames.append(await harness.describe(id)?["InstanceName"]?.stringValue ?? "") }
        #expect(defaultNames == ["plain000000", "plain000001"])
    }

    @Test("HostName may use ${instance_id}; Windows host names are limited to 15 characters")
    func hostNames() async throws {
        let ids = await harness.run(["HostName": "host-${instance_id}"])
        #expect(await harness.describe(ids[0])?["HostName"]?.stringValue == "host-" + ids[0])
        let windowsImage = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240711.vhd"
        let long = await harness.failure(
            "RunInstances", harness.runParameters(["ImageId": windowsImage, "HostName": "a-very-long-windows-name"]))
        #expect(long?.code == "InvalidHostName.Malformed")
        let windows = await harness.run(["ImageId": windowsImage])
        let item = try #require(await harness.describe(windows[0]))
        #expect(item["OSType"]?.stringValue == "windows")
        #expect((item["HostName"]?.stringValue?.count ?? 99) <= 15)
        let small = await harness.failure(
            "RunInstances", harness.runParameters(["ImageId": windowsImage, "SystemDisk.Size": "30"]))
        #expect(small?.code == "InvalidSystemDiskSize.LessThanImageSize")
    }

    @Test("SecurityGroupIds.N, ImageFamily and PrivateIpAddress are honoured")
    func alternativeParameters() async throws {
        var parameters = harness.runParameters([
            "SecurityGroupIds.1": harness.network.securityGroupID, "ImageFamily": "acs:ubuntu_22_04_x64",
        ])
        parameters["SecurityGroupId"] = nil
        parameters["ImageId"] = nil
        let body = await harness.ok("RunInstances", parameters)
        let id = try #require(body.list("InstanceIdSets", "InstanceIdSet").first?.stringValue)
        #expect(await harness.describe(id)?["ImageId"]?.stringValue == "ubuntu_22_04_x64_20G_alibase_20260723.vhd")

        let fixed = await harness.run(["PrivateIpAddress": "172.16.0.200", "Amount": "2"])
        var addresses: [String] = []
        for id in fixed {
            addresses.append(
                await harness.describe(id)?["VpcAttributes"]?["PrivateIpAddress"]?["IpAddress"]?[0]?.stringValue ?? "")
        }
        #expect(addresses == ["172.16.0.200", "172.16.0.201"])
        let taken = await harness.failure("RunInstances", harness.runParameters(["PrivateIpAddress": "172.16.0.201"]))
        #expect(taken?.code == "InvalidPrivateIpAddress.Duplicated")
    }

    @Test("the same ClientToken returns the same instances; changed parameters are IdempotentParameterMismatch")
    func clientToken() async {
        let parameters = harness.runParameters(["ClientToken": "token-1", "Amount": "2"])
        let first = await harness.ok("RunInstances", parameters)
        var retry = parameters
        retry["SignatureNonce"] = "another-nonce"
        retry["Timestamp"] = "2026-11-29T09:00:00Z"
        let second = await harness.ok("RunInstances", retry)
        #expect(first == second)
        let listed = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(listed["TotalCount"]?.intValue == 2)

        let changed = await harness.failure(
            "RunInstances", harness.runParameters(["ClientToken": "token-1", "Amount": "3"]))
        #expect(
            changed
                == ECSServiceError(
                    code: "IdempotentParameterMismatch", message: "The request is retried with updated parameters.",
                    httpStatus: 400))
        // Tokens belong to one account.
        let otherAccount = await harness.ok("RunInstances", parameters, account: "999")
        #expect(otherAccount != first)
        // CreateInstance keeps its own tokens.
        let created = await harness.ok("CreateInstance", harness.runParameters(["ClientToken": "token-c"]))
        let createdAgain = await harness.ok("CreateInstance", harness.runParameters(["ClientToken": "token-c"]))
        #expect(created["InstanceId"] == createdAgain["InstanceId"])
    }

    @Test("a full vSwitch refuses more instances unless MinAmount allows fewer")
    func addressExhaustion() async throws {
        let fast = EngineHarness(transitionMilliseconds: 0)
        for _ in 0..<40 { _ = await fast.run(["Amount": "100"]) }
        let free = 4092 - 4000
        let refused = await fast.failure("RunInstances", fast.runParameters(["Amount": "100"]))
        #expect(refused?.code == "InvalidVSwitchId.IpNotEnough")
        let partial = await fast.ok("RunInstances", fast.runParameters(["Amount": "100", "MinAmount": "50"]))
        #expect(partial.list("InstanceIdSets", "InstanceIdSet").count == free)
        let vSwitch = await fast.ok(
            "DescribeVSwitches", ["RegionId": "cn-hangzhou", "VSwitchId": fast.vSwitch.vSwitchID])
        #expect(vSwitch.list("VSwitches", "VSwitch").first?["AvailableIpAddressCount"]?.intValue == 0)
    }

    @Test("AutoReleaseTime is kept to the minute and the instance is released when it comes")
    func autoRelease() async throws {
        let releaseAt = harness.clock.now + 3600 + 59
        let text = MinuteTime.seconds(releaseAt)
        let ids = await harness.run(["AutoReleaseTime": text])
        let item = try #require(await harness.describe(ids[0]))
        #expect(item["AutoReleaseTime"]?.stringValue == String(text.prefix(16)) + "Z")
        harness.clock.advance(milliseconds: 3_540_000)
        #expect(await harness.describe(ids[0]) != nil)
        harness.clock.advance(milliseconds: 120_000)
        #expect(await harness.describe(ids[0]) == nil)
        let soon = MinuteTime.seconds(harness.clock.now + 600)
        #expect(
            await harness.failure("RunInstances", harness.runParameters(["AutoReleaseTime": soon]))?.code
                == "InvalidAutoReleaseTime.Malformed")
    }
}
