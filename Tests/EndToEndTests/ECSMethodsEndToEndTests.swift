import Foundation
import JSON
import Testing

/// The nine ECS methods through the built binary, against the embedded and the stand-alone simulator.
@Suite("ECS methods end to end", .serialized)
struct ECSMethodsEndToEndTests {
    static let beijing: JSONObject = ["endpoint": "ecs.cn-beijing.aliyuncs.com", "regionId": "cn-beijing"]
    static let image = "debian_10_12_x64_20G_alibase_20220328.vhd"

    /// Creates `amount` instances and returns their ids.
    static func create(_ server: ECSMethodsProcess, amount: Int, name: String = "e2e", extra: JSONObject = [:]) async throws -> [String] {
        let params = merged(
            merged(seedKeys, beijing),
            merged(
                [
                    "imageId": .string(image), "instanceType": "ecs.t1.xsmall", "systemDiskSize": "50", "instanceName": .string(name),
                    "uniqueSuffix": true, "amount": .number(JSONNumber(amount)), "password": "Test1234!",
                ], extra))
        let result = try await server.result("instances.create", params)
        return result["body"]?["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The statuses of `ids` as instances.list reports them.
    static func statuses(_ server: ECSMethodsProcess, _ ids: [String]) async throws -> [String: String] {
        let result = try await server.result(
            "instances.list", merged(merged(seedKeys, beijing), ["instanceIds": .array(ids.map(JSONValue.string))]))
        var statuses: [String: String] = [:]
        for instance in result["body"]?["Instances"]?["Instance"]?.arrayValue ?? [] {
            if let id = instance["InstanceId"]?.stringValue { statuses[id] = instance["Status"]?.stringValue }
        }
        return statuses
    }

    /// Polls instances.list until every one of `ids` has `status`.
    static func waitFor(_ status: String, _ server: ECSMethodsProcess, _ ids: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let current = try await statuses(server, ids)
            if ids.allSatisfy({ current[$0] == status }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError.unexpected("instances did not all reach \(status)")
    }

    @Test("every seed example, turned into a JSON-RPC request, answers with the documented shape (stdio, --simulator)")
    func seedExamples() async throws {
        let server = try await ECSMethodsProcess(serve: ["--simulator", "--transition-ms", "50"])
        defer { server.stop() }
        let regions = try await server.result("regions.list", seedKeys)
        #expect((regions["body"]?["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 10)
        #expect(regions["body"]?["RequestId"]?.stringValue != nil)
        #expect(regions["headers"]?["x-acs-request-id"]?.stringValue == regions["body"]?["RequestId"]?.stringValue)
        #expect(regions["headers"]?["content-type"]?.stringValue?.hasPrefix("application/json") == true)

        let images = try await server.result("images.list", merged(seedKeys, Self.beijing))
        #expect(images["body"]?["Images"]?["Image"]?.arrayValue?.isEmpty == false)
        #expect(images["body"]?["PageNumber"] == 1)
        #expect(images["body"]?["RegionId"] == "cn-beijing")
        #expect(images["body"]?["Images"]?["Image"]?[0]?["IsCopied"] == false)

        let types = try await server.result("instanceTypes.list", merged(seedKeys, ["endpoint": "ecs.cn-beijing.aliyuncs.com"]))
        let typeList = try #require(types["body"]?["InstanceTypes"]?["InstanceType"]?.arrayValue)
        #expect(typeList.contains { $0["InstanceTypeId"] == "ecs.t1.xsmall" && $0["MemorySize"] == .number(JSONNumber(literal: "0.5") ?? JSONNumber(0)) })

        // The seed's create example as is: its password "test" is refused by the service's own rule.
        let seedCreate = merged(
            merged(seedKeys, Self.beijing),
            [
                "imageId": .string(Self.image), "instanceType": "ecs.t1.xsmall", "systemDiskSize": "50", "instanceName": "test",
                "uniqueSuffix": true, "amount": 10, "password": "test", "dry_run": true,
            ])
        let passwordError = try await server.error("instances.create", seedCreate)
        #expect(passwordError["code"] == -32001)
        #expect(passwordError["data"]?["code"] == "InvalidPassword.Malformed")
        #expect(passwordError["data"]?["httpStatus"] == 400)
        #expect(!passwordError.serialized().contains("\"test\""))

        var goodCreate = seedCreate
        goodCreate["password"] = "Test1234!"
        goodCreate["dry_run"] = nil
        goodCreate["amount"] = 2
        let created = try await server.result("instances.create", goodCreate)
        let idValues = try #require(created["body"]?["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue)
        let ids = idValues.compactMap { $0.stringValue }
        #expect(ids.count == 2)
        #expect(created["body"]?["RequestId"]?.stringValue != nil)
        #expect(created["chosen"]?["vSwitch"]?["vSwitchId"]?.stringValue?.hasPrefix("vsw-") == true)

        // The seed's list example sends region_id.
        let listed = try await server.result(
            "instances.list", merged(seedKeys, ["endpoint": "ecs.cn-beijing.aliyuncs.com", "region_id": "cn-beijing"]))
        #expect(listed["body"]?["Instances"]?["Instance"]?.arrayValue?.count == 2)
        #expect(listed["body"]?["TotalCount"] == 2)

        try await Self.waitFor("Running", server, ids)
        let idsParam = JSONValue.array(ids.map(JSONValue.string))
        for (method, current) in [("instances.stop", "Stopping"), ("instances.start", "Starting"), ("instances.reboot", "Stopping")] {
            if method == "instances.start" { try await Self.waitFor("Stopped", server, ids) }
            if method == "instances.reboot" { try await Self.waitFor("Running", server, ids) }
            let result = try await server.result(method, merged(merged(seedKeys, Self.beijing), ["instanceIds": idsParam]))
            let responses = try #require(result["body"]?["InstanceResponses"]?["InstanceResponse"]?.arrayValue)
            #expect(responses.count == 2)
            #expect(responses.allSatisfy { $0["CurrentStatus"]?.stringValue == current }, "\(method)")
        }
        try await Self.waitFor("Running", server, ids)
        let terminated = try await server.result(
            "instances.terminate", merged(merged(seedKeys, Self.beijing), ["instanceIds": idsParam, "force": true]))
        #expect(terminated["body"]?["RequestId"]?.stringValue != nil)
        #expect(try await Self.statuses(server, ids).isEmpty)
    }

    @Test("a whole lifecycle over the socket: create 3 → list → stop → start → reboot → terminate")
    func lifecycle() async throws {
        let server = try await ECSMethodsProcess(serve: ["--simulator", "--transition-ms", "50"], socket: true)
        defer { server.stop() }
        let ids = try await Self.create(server, amount: 3, name: "life")
        #expect(ids.count == 3)
        let listed = try await server.result("instances.list", merged(merged(seedKeys, Self.beijing), ["instanceIds": .array(ids.map(JSONValue.string))]))
        let names = listed["body"]?["Instances"]?["Instance"]?.arrayValue?.compactMap { $0["InstanceName"]?.stringValue }.sorted()
        #expect(names == ["life001", "life002", "life003"])
        let params = merged(merged(seedKeys, Self.beijing), ["instanceIds": .array(ids.map(JSONValue.string))])
        try await Self.waitFor("Running", server, ids)
        _ = try await server.result("instances.stop", params)
        try await Self.waitFor("Stopped", server, ids)
        _ = try await server.result("instances.start", params)
        try await Self.waitFor("Running", server, ids)
        _ = try await server.result("instances.reboot", params)
        try await Self.waitFor("Running", server, ids)
        _ = try await server.result("instances.stop", params)
        try await Self.waitFor("Stopped", server, ids)
        _ = try await server.result("instances.terminate", params)
        #expect(try await Self.statuses(server, ids).isEmpty)
    }

    @Test("dry runs pass as results and fail as errors; a wrong secret is SignatureDoesNotMatch")
    func dryRunsAndSignature() async throws {
        let server = try await ECSMethodsProcess(serve: ["--simulator", "--transition-ms", "50"])
        defer { server.stop() }
        let create = merged(
            merged(seedKeys, Self.beijing),
            ["imageId": .string(Self.image), "instanceType": "ecs.t1.xsmall", "password": "Test1234!", "dryRun": true])
        let passed = try await server.result("instances.create", create)
        #expect(passed["dryRun"]?["passed"] == true)
        #expect(passed["dryRun"]?["code"] == "DryRunOperation")
        #expect(try await Self.statuses(server, []).isEmpty)

        let stop = try await server.error(
            "instances.stop", merged(merged(seedKeys, Self.beijing), ["instanceIds": ["i-2ze0000000000000none"], "dry_run": true]))
        #expect(stop["code"] == -32001)
        #expect(stop["data"]?["code"]?.stringValue?.contains("NotFound") == true)

        let ids = try await Self.create(server, amount: 1)
        try await Self.waitFor("Running", server, ids)
        let stopDry = try await server.result(
            "instances.stop", merged(merged(seedKeys, Self.beijing), ["instanceIds": .array(ids.map(JSONValue.string)), "dry_run": true]))
        #expect(stopDry["dryRun"]?["code"] == "DRYRUN.SUCCESS")
        #expect(try await Self.statuses(server, ids)[ids[0]] == "Running")

        let wrong = try await server.error("regions.list", ["accessKeyId": "testid", "accessKeySecret": "not-the-secret"])
        #expect(wrong["code"] == -32001)
        #expect(wrong["data"]?["code"] == "SignatureDoesNotMatch")
        #expect(wrong["data"]?["httpStatus"] == 400)
        #expect(wrong["data"]?["retryable"] == false)
        #expect(wrong["data"]?["requestId"]?.stringValue != nil)
        #expect(!wrong.serialized().contains("not-the-secret"))

        let invalid = try await server.error("instances.create", merged(seedKeys, ["regionId": "cn-beijing", "imageId": "x", "instanceType": "t", "amount": 0]))
        #expect(invalid["code"] == -32602)
        #expect(invalid["data"]?["parameter"] == "amount")
    }

    @Test("250 instance ids in one stop call (split into calls of 100)")
    func manyInstances() async throws {
        let server = try await ECSMethodsProcess(serve: ["--simulator", "--transition-ms", "20"], socket: true)
        defer { server.stop() }
        var ids: [String] = []
        for amount in [100, 100, 50] { ids += try await Self.create(server, amount: amount, name: "bulk") }
        #expect(ids.count == 250)
        try await Self.waitFor("Running", server, ids)
        let everything = try await server.result("instances.list", merged(merged(seedKeys, Self.beijing), ["all": true]))
        let walked = everything["body"]?["Instances"]?["Instance"]?.arrayValue?.compactMap { $0["InstanceId"]?.stringValue } ?? []
        #expect(walked.count == 250)
        #expect(Set(walked) == Set(ids))
        let result = try await server.result(
            "instances.stop", merged(merged(seedKeys, Self.beijing), ["instanceIds": .array(ids.map(JSONValue.string)), "force": true]))
        let responses = try #require(result["body"]?["InstanceResponses"]?["InstanceResponse"]?.arrayValue)
        #expect(Set(responses.compactMap { $0["InstanceId"]?.stringValue }) == Set(ids))
        try await Self.waitFor("Stopped", server, ids)
    }

    @Test("throttling and 5xx faults are retried to success, and a create is never duplicated (stand-alone simulator)")
    func faultsRetried() async throws {
        let simulator = try await ECSMethodsSimulator([
            "--fault", "action=DescribeRegions,throttle=0.5", "--fault", "action=DescribeInstances,error5xx=0.5",
            "--fault", "action=RunInstances,error5xx=0.3,drop=0.3", "--seed", "42",
        ])
        defer { simulator.stop() }
        let server = try await ECSMethodsProcess(serve: ["--endpoint", simulator.endpoint, "--max-retries", "12"])
        defer { server.stop() }
        for _ in 0..<5 {
            let regions = try await server.result("regions.list", seedKeys)
            #expect(regions["body"]?["Regions"]?["Region"]?.arrayValue?.isEmpty == false)
        }
        var created: [String] = []
        for _ in 0..<4 { created += try await Self.create(server, amount: 1, name: "once") }
        #expect(created.count == 4)
        let all = try await server.result("instances.list", merged(merged(seedKeys, Self.beijing), ["all": true]))
        let listed = all["body"]?["Instances"]?["Instance"]?.arrayValue?.compactMap { $0["InstanceId"]?.stringValue } ?? []
        #expect(Set(listed) == Set(created))
    }

    @Test("a stopped simulator gives a clear transport error")
    func stoppedSimulator() async throws {
        let simulator = try await ECSMethodsSimulator()
        let server = try await ECSMethodsProcess(serve: ["--endpoint", simulator.endpoint, "--connect-timeout", "5", "--read-timeout", "10"])
        defer { server.stop() }
        _ = try await server.result("regions.list", seedKeys)
        try await simulator.stopAndWait()
        let error = try await server.error("regions.list", seedKeys)
        #expect(error["code"] == -32002)
        #expect(error["data"]?["kind"] == "refused")
        #expect(error["data"]?["endpoint"]?.stringValue == simulator.endpoint)
        #expect(error["message"]?.stringValue?.contains("connection refused") == true)
    }

    @Test("ACS3 signing works end to end; a slow answer past --read-timeout is a timedOut transport error")
    func acs3AndTimeout() async throws {
        // The answers that must arrive get 5 s (a loaded machine can stall a call for seconds); the slow one never does.
        let simulator = try await ECSMethodsSimulator(["--fault", "action=DescribeImages,latency-ms=300000"])
        defer { simulator.stop() }
        let server = try await ECSMethodsProcess(serve: [
            "--endpoint", simulator.endpoint, "--signature", "acs3", "--connect-timeout", "1", "--read-timeout", "4",
            "--max-retries", "0",
        ])
        defer { server.stop() }
        let regions = try await server.result("regions.list", seedKeys)
        #expect(regions["body"]?["Regions"]?["Region"]?.arrayValue?.isEmpty == false)
        let slow = try await server.error("images.list", merged(seedKeys, Self.beijing))
        #expect(slow["code"] == -32002)
        #expect(slow["data"]?["kind"] == "timedOut")
        #expect(slow["data"]?["attempts"] == 1)
    }
}
