import ECSSimulator
import Foundation
import JSON
import TestSupport
import Testing

/// A signed ECS client over one keep-alive connection, for driving actions end to end.
private struct SignedClient {
    let connection: LoopbackHTTPConnection
    var signer = TestSigner()
    var acs3 = false

    static func open(_ simulator: SimulatorHarness, signer: TestSigner = TestSigner(), acs3: Bool = false) async throws
        -> SignedClient
    {
        SignedClient(connection: try await LoopbackHTTPConnection.open(port: simulator.port), signer: signer, acs3: acs3)
    }

    func call(_ action: String, _ parameters: [String: String] = [:]) async throws -> (status: Int, body: JSONValue) {
        let raw = acs3 ? signer.acs3(action, parameters) : signer.rpc(action, parameters)
        let response = try await connection.exchange(raw)
        return (response.status, try JSONValue.parse(response.body))
    }

    /// Calls and requires success.
    func ok(_ action: String, _ parameters: [String: String] = [:]) async throws -> JSONValue {
        let (status, body) = try await call(action, parameters)
        guard status == 200 else { throw Failure.unexpected("\(action) → \(status) \(body.serialized())") }
        return body
    }

    /// Status of each instance, by DescribeInstances with the InstanceIds JSON array.
    func statuses(_ ids: [String], region: String = "cn-hangzhou") async throws -> [String: String] {
        let list = "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let body = try await ok("DescribeInstances", ["RegionId": region, "InstanceIds": list, "PageSize": "100"])
        var result: [String: String] = [:]
        for item in body["Instances"]?["Instance"]?.arrayValue ?? [] {
            if let id = item["InstanceId"]?.stringValue { result[id] = item["Status"]?.stringValue }
        }
        return result
    }

    /// Polls until every instance has `status` (generous bound; the assertion is on the state, not the time).
    func waitFor(_ ids: [String], _ status: String) async throws -> Bool {
        for _ in 0..<400 {
            let seen = try await statuses(ids)
            if seen.count == ids.count && seen.values.allSatisfy({ $0 == status }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    enum Failure: Error { case unexpected(String) }
}

/// What creation needs, discovered through the API itself.
private struct LaunchPlan {
    var image: String
    var instanceType: String
    var securityGroup: String
    var vSwitch: String

    static func discover(_ client: SignedClient) async throws -> LaunchPlan {
        let images = try await client.ok("DescribeImages", ["RegionId": "cn-hangzhou", "PageSize": "10"])
        let switches = try await client.ok("DescribeVSwitches", ["RegionId": "cn-hangzhou"])
        let groups = try await client.ok("DescribeSecurityGroups", ["RegionId": "cn-hangzhou"])
        let vSwitch = try #require(switches["VSwitches"]?["VSwitch"]?[0])
        let types = try await client.ok(
            "DescribeInstanceTypes", ["InstanceTypes.1": "ecs.c6.large"])
        return LaunchPlan(
            image: try #require(images["Images"]?["Image"]?[0]?["ImageId"]?.stringValue),
            instanceType: try #require(types["InstanceTypes"]?["InstanceType"]?[0]?["InstanceTypeId"]?.stringValue),
            securityGroup: try #require(groups["SecurityGroups"]?["SecurityGroup"]?[0]?["SecurityGroupId"]?.stringValue),
            vSwitch: try #require(vSwitch["VSwitchId"]?.stringValue))
    }

    func run(amount: Int = 1, extra: [String: String] = [:]) -> [String: String] {
        var parameters = [
            "RegionId": "cn-hangzhou", "ImageId": image, "InstanceType": instanceType, "SecurityGroupId": securityGroup,
            "VSwitchId": vSwitch, "Amount": String(amount),
        ]
        for (key, value) in extra { parameters[key] = value }
        return parameters
    }
}

private func instanceIDs(_ body: JSONValue) -> [String] {
    (body["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue ?? []).compactMap(\.stringValue)
}

private func batch(_ ids: [String], _ extra: [String: String] = [:]) -> [String: String] {
    var parameters = ["RegionId": "cn-hangzhou"]
    for (index, id) in ids.enumerated() { parameters["InstanceId.\(index + 1)"] = id }
    for (key, value) in extra { parameters[key] = value }
    return parameters
}

@Suite("ECS actions over HTTP")
struct ActionsOverHTTPTests {
    @Test("the catalog actions answer with the service's wrappers", arguments: [false, true])
    func catalog(acs3: Bool) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator, acs3: acs3)
        let regions = try await client.ok("DescribeRegions")
        #expect((regions["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 10)
        let zones = try await client.ok("DescribeZones", ["RegionId": "cn-hangzhou"])
        #expect((zones["Zones"]?["Zone"]?.arrayValue?.count ?? 0) > 0)
        let images = try await client.ok("DescribeImages", ["RegionId": "cn-hangzhou"])
        #expect((images["Images"]?["Image"]?.arrayValue?.count ?? 0) > 0)
        let types = try await client.ok("DescribeInstanceTypes")
        #expect((types["InstanceTypes"]?["InstanceType"]?.arrayValue?.count ?? 0) > 10)
        let groups = try await client.ok("DescribeSecurityGroups", ["RegionId": "cn-hangzhou"])
        #expect(groups["SecurityGroups"]?["SecurityGroup"]?.arrayValue?.count == 1)
        let switches = try await client.ok("DescribeVSwitches", ["RegionId": "cn-hangzhou"])
        #expect(switches["VSwitches"]?["VSwitch"]?.arrayValue?.count == zones["Zones"]?["Zone"]?.arrayValue?.count)
        let (status, missing) = try await client.call("DescribeImages")
        #expect(status == 400 && missing["Code"]?.stringValue?.hasPrefix("MissingParameter") == true)
        let (regionStatus, unknownRegion) = try await client.call("DescribeImages", ["RegionId": "xx-nowhere-1"])
        #expect(regionStatus == 404 && unknownRegion["Code"] == "InvalidRegionId.NotFound")
    }

    @Test("run, stop, start, reboot and delete walk the state machine over HTTP")
    func lifecycle() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator)
        let plan = try await LaunchPlan.discover(client)

        let (dryStatus, dry) = try await client.call("RunInstances", plan.run(amount: 2, extra: ["DryRun": "True"]))
        #expect(dryStatus == 400 && dry["Code"] == "DryRunOperation")

        let ids = instanceIDs(try await client.ok("RunInstances", plan.run(amount: 2)))
        #expect(ids.count == 2)
        #expect(ids.allSatisfy { $0.hasPrefix("i-bp") })
        #expect(try await client.waitFor(ids, "Running"))

        let (wrongState, wrongBody) = try await client.call("StartInstances", batch(ids))
        #expect(wrongState == 403 && wrongBody["Code"] == "IncorrectInstanceStatus")
        let (deleteRunning, deleteRunningBody) = try await client.call("DeleteInstances", batch(ids))
        #expect(deleteRunning == 403 && deleteRunningBody["Code"] == "IncorrectInstanceStatus")

        let (dryStop, dryStopBody) = try await client.call("StopInstances", batch(ids, ["DryRun": "true"]))
        #expect(dryStop == 400 && dryStopBody["Code"] == "DRYRUN.SUCCESS")

        _ = try await client.ok("StopInstances", batch(ids))
        #expect(try await client.waitFor(ids, "Stopped"))
        _ = try await client.ok("StartInstances", batch(ids))
        #expect(try await client.waitFor(ids, "Running"))
        _ = try await client.ok("RebootInstances", batch(ids))
        #expect(try await client.waitFor(ids, "Running"))

        let status = try await client.ok("DescribeInstanceStatus", ["RegionId": "cn-hangzhou"])
        #expect(status["InstanceStatuses"]?["InstanceStatus"]?.arrayValue?.count == 2)

        _ = try await client.ok("StopInstances", batch(ids))
        #expect(try await client.waitFor(ids, "Stopped"))
        _ = try await client.ok("DeleteInstances", batch(ids))
        #expect(try await client.statuses(ids).isEmpty)
    }

    @Test("CreateInstance leaves a Stopped instance; the singular actions and Force delete work")
    func singularActions() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator)
        let plan = try await LaunchPlan.discover(client)
        var create = plan.run()
        create.removeValue(forKey: "Amount")
        let created = try await client.ok("CreateInstance", create)
        let id = try #require(created["InstanceId"]?.stringValue)
        #expect(try await client.waitFor([id], "Stopped"))
        _ = try await client.ok("StartInstance", ["InstanceId": id])
        #expect(try await client.waitFor([id], "Running"))
        _ = try await client.ok("RebootInstance", ["InstanceId": id])
        #expect(try await client.waitFor([id], "Running"))
        let (running, runningBody) = try await client.call("DeleteInstance", ["InstanceId": id])
        #expect(running == 403 && runningBody["Code"] == "IncorrectInstanceStatus")
        _ = try await client.ok("DeleteInstance", ["InstanceId": id, "Force": "true"])
        #expect(try await client.statuses([id]).isEmpty)
        let (gone, goneBody) = try await client.call("StopInstance", ["InstanceId": id])
        #expect(gone == 404 && goneBody["Code"] == "InvalidInstanceId.NotFound")
    }

    @Test("ClientToken makes RunInstances idempotent; changed parameters are refused")
    func idempotency() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator, acs3: true)
        let plan = try await LaunchPlan.discover(client)
        let first = instanceIDs(try await client.ok("RunInstances", plan.run(amount: 2, extra: ["ClientToken": "token-1"])))
        let again = instanceIDs(try await client.ok("RunInstances", plan.run(amount: 2, extra: ["ClientToken": "token-1"])))
        #expect(first.count == 2 && first == again)
        let (status, body) = try await client.call("RunInstances", plan.run(amount: 3, extra: ["ClientToken": "token-1"]))
        #expect(status == 400 && body["Code"] == "IdempotentParameterMismatch")
    }

    @Test("validation errors come back with the service's codes and statuses")
    func validation() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator)
        let plan = try await LaunchPlan.discover(client)
        let (badType, badTypeBody) = try await client.call("RunInstances", plan.run(extra: ["InstanceType": "ecs.nope.huge"]))
        #expect(badType == 400 && badTypeBody["Code"] == "InvalidInstanceType.ValueNotSupported")
        let (notSold, notSoldBody) = try await client.call(
            "RunInstances", plan.run(extra: ["InstanceType": "ecs.g8i.large", "ZoneId": "cn-hangzhou-b"]))
        #expect(notSold == 403 && notSoldBody["Code"] == "InvalidInstanceType.ZoneNotSupported")
        #expect(notSoldBody["Message"] == "The specified zone does not support this instancetype.")
        var noImage = plan.run()
        noImage.removeValue(forKey: "ImageId")
        let (missing, missingBody) = try await client.call("RunInstances", noImage)
        #expect(missing == 400 && missingBody["Code"]?.stringValue?.hasPrefix("MissingParameter") == true)
        let (amount, amountBody) = try await client.call("RunInstances", plan.run(amount: 101))
        #expect(amount == 400, "\(amountBody.serialized())")
        let (unknown, unknownBody) = try await client.call("StopInstances", batch(["i-bp1doesnotexist0000"]))
        #expect(unknown == 404 && unknownBody["Code"]?.stringValue?.hasPrefix("InvalidInstanceId") == true)
    }

    @Test("a 32 KiB UserData in the query string, where the Tea SDK puts it, reaches the engine", arguments: [false, true])
    func largeUserDataInQuery(acs3: Bool) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator, acs3: acs3)
        let plan = try await LaunchPlan.discover(client)
        let limit = Data((0..<32 * 1024).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 251) }).base64EncodedString()
        let (fits, fitsBody) = try await client.call("RunInstances", plan.run(extra: ["UserData": limit, "DryRun": "true"]))
        #expect(fits == 400 && fitsBody["Code"] == "DryRunOperation", "\(fitsBody.serialized())")
        let over = Data((0..<32 * 1024 + 3).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 251) }).base64EncodedString()
        let (tooBig, tooBigBody) = try await client.call("RunInstances", plan.run(extra: ["UserData": over, "DryRun": "true"]))
        #expect(tooBig == 400 && tooBigBody["Code"] == "InvalidUserData.SizeExceeded", "\(tooBigBody.serialized())")
    }

    @Test("paging by PageNumber/PageSize and by NextToken/MaxResults, and the DescribeInstances filters")
    func pagingAndFilters() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator)
        let plan = try await LaunchPlan.discover(client)
        let ids = instanceIDs(
            try await client.ok("RunInstances", plan.run(amount: 5, extra: ["InstanceName": "web-[1,2]", "Tag.1.Key": "team", "Tag.1.Value": "blue"])))
        #expect(ids.count == 5)
        var seen: [String] = []
        for page in 1...3 {
            let body = try await client.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "PageSize": "2", "PageNumber": String(page)])
            #expect(body["TotalCount"]?.intValue == 5)
            seen += (body["Instances"]?["Instance"]?.arrayValue ?? []).compactMap { $0["InstanceId"]?.stringValue }
        }
        #expect(Set(seen) == Set(ids) && seen.count == 5)
        var token: String?
        var tokenSeen: [String] = []
        repeat {
            var parameters = ["RegionId": "cn-hangzhou", "MaxResults": "2"]
            if let token { parameters["NextToken"] = token }
            let body = try await client.ok("DescribeInstances", parameters)
            tokenSeen += (body["Instances"]?["Instance"]?.arrayValue ?? []).compactMap { $0["InstanceId"]?.stringValue }
            token = body["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil && tokenSeen.count < 10
        #expect(Set(tokenSeen) == Set(ids) && tokenSeen.count == 5)

        let spaced = try await client.ok(
            "DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceIds": "[\"\(ids[0])\", \"\(ids[1])\"]"])
        #expect(spaced["TotalCount"]?.intValue == 2)
        let named = try await client.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "InstanceName": "web-0*"])
        #expect(named["TotalCount"]?.intValue == 5)
        let tagged = try await client.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "Tag.1.Key": "team", "Tag.1.Value": "blue"])
        #expect(tagged["TotalCount"]?.intValue == 5)
        let none = try await client.ok("DescribeInstances", ["RegionId": "cn-hangzhou", "Status": "Stopped"])
        #expect(none["TotalCount"]?.intValue == 0)
        #expect(none["Instances"]?["Instance"]?.arrayValue == [])
        let (dry, dryBody) = try await client.call("DescribeInstances", ["RegionId": "cn-hangzhou", "DryRun": "true"])
        #expect(dry == 400 && dryBody["Code"] == "DryRunOperation")
    }

    @Test("each account sees and controls only its own instances")
    func accounts() async throws {
        let simulator = try await SimulatorHarness.start { options in
            options.accessKeys = [AccessKeyPair(id: "alice", secret: "a-secret"), AccessKeyPair(id: "bob", secret: "b-secret")]
        }
        defer { Task { await simulator.stop() } }
        let alice = try await SignedClient.open(simulator, signer: TestSigner(accessKeyID: "alice", secret: "a-secret"))
        let bob = try await SignedClient.open(simulator, signer: TestSigner(accessKeyID: "bob", secret: "b-secret"), acs3: true)
        let plan = try await LaunchPlan.discover(alice)
        let ids = instanceIDs(try await alice.ok("RunInstances", plan.run()))
        #expect(ids.count == 1)
        #expect(try await bob.statuses(ids).isEmpty)
        let (status, body) = try await bob.call("StopInstances", batch(ids))
        #expect(status == 404, "\(body.serialized())")
        #expect(try await alice.statuses(ids).count == 1)
    }

    @Test("Format=XML renders DescribeInstances with repeated <Instance> items")
    func xmlInstances() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let client = try await SignedClient.open(simulator)
        let plan = try await LaunchPlan.discover(client)
        _ = try await client.ok("RunInstances", plan.run(amount: 2))
        let response = try await simulator.send(TestSigner().rpc("DescribeInstances", ["RegionId": "cn-hangzhou"], format: "XML"))
        #expect(response.status == 200)
        #expect(response.text.contains("<DescribeInstancesResponse><RequestId>"))
        #expect(response.text.components(separatedBy: "<Instance>").count - 1 == 2)
    }

    @Test("--state keeps instances across a restart")
    func stateAcrossRestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await SimulatorHarness.start { options in options.stateFile = path }
        let client = try await SignedClient.open(first)
        let plan = try await LaunchPlan.discover(client)
        let ids = instanceIDs(try await client.ok("RunInstances", plan.run(amount: 3)))
        #expect(try await client.waitFor(ids, "Running"))
        await first.stop()
        let second = try await SimulatorHarness.start { options in options.stateFile = path }
        let again = try await SignedClient.open(second)
        let statuses = try await again.statuses(ids)
        #expect(statuses == Dictionary(uniqueKeysWithValues: ids.map { ($0, "Running") }))
        await second.stop()
    }
}
