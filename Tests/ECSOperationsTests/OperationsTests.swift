import ECSClient
import ECSOperations
import JSON
import Testing

@Suite("Core operations")
struct OperationsTests {
    @Test("the result is the body unchanged and the headers lower-cased")
    func resultShape() async throws {
        let body = #"{"RequestId":"R","TradePrice":0.165,"IsCopied":false,"InstanceIdSets":{"InstanceIdSet":["i-1"]}}"#
        let ecs = ScriptedECS { action, _ in
            switch action {
            case "DescribeVSwitches": (200, #"{"VSwitches":{"VSwitch":[{"VSwitchId":"vsw-1","VpcId":"vpc-1","ZoneId":"cn-beijing-h","IsDefault":true}]},"RequestId":"V"}"#)
            case "DescribeSecurityGroups": (200, #"{"SecurityGroups":{"SecurityGroup":[{"SecurityGroupId":"sg-1","VpcId":"vpc-1"}]},"RequestId":"S"}"#)
            default: (200, body)
            }
        }
        let result = try await makeOperations(ecs).createInstances(
            CreateInstancesRequest(options: beijing, imageId: "img", instanceType: "ecs.t1.xsmall", systemDiskSize: 50, amount: 3))
        #expect(result.body.serialized() == body)
        #expect(result.json["headers"]?["x-acs-request-id"] == "REQ-RunInstances")
        let run = try #require(ecs.calls("RunInstances").first)
        #expect(run.parameters["VSwitchId"] == "vsw-1")
        #expect(run.parameters["SecurityGroupId"] == "sg-1")
        #expect(run.parameters["ZoneId"] == "cn-beijing-h")
        #expect(run.parameters["SystemDisk.Size"] == "50")
        #expect(run.parameters["Amount"] == "3")
        #expect(run.parameters["RegionId"] == "cn-beijing")
        #expect((run.parameters["ClientToken"] ?? "").count >= 32)
        #expect(ecs.calls("DescribeSecurityGroups").first?.parameters["VpcId"] == "vpc-1")
        #expect(result.chosen?["vSwitch"]?["vSwitchId"] == "vsw-1")
        #expect(result.chosen?["securityGroup"]?["securityGroupId"] == "sg-1")
    }

    @Test("create without a default vSwitch fails naming vSwitchId; with both given it looks nothing up")
    func networkChoice() async throws {
        let empty = ScriptedECS { action, _ in
            action == "DescribeVSwitches" ? (200, #"{"VSwitches":{"VSwitch":[]},"RequestId":"V"}"#) : (200, #"{"RequestId":"R"}"#)
        }
        await #expect(throws: OperationError.networkResourceNotFound(parameter: "vSwitchId", problem: "no default vSwitch found in zone cn-beijing-k")) {
            try await makeOperations(empty).createInstances(CreateInstancesRequest(options: beijing, imageId: "i", instanceType: "t", zoneId: "cn-beijing-k"))
        }
        #expect(empty.calls("RunInstances").isEmpty)

        let direct = ScriptedECS { _, _ in (200, #"{"RequestId":"R"}"#) }
        let result = try await makeOperations(direct).createInstances(
            CreateInstancesRequest(options: beijing, imageId: "i", instanceType: "t", securityGroupId: "sg-9", vSwitchId: "vsw-9", clientToken: "tok"))
        #expect(direct.calls.map(\.action) == ["RunInstances"])
        #expect(direct.calls.first?.parameters["ClientToken"] == "tok")
        #expect(result.chosen == nil)
    }

    @Test("a passed dry run is a result with dryRun; a failed one stays an error")
    func dryRun() async throws {
        let passes = ScriptedECS { _, _ in (400, #"{"RequestId":"D1","Code":"DRYRUN.SUCCESS","Message":"This request is a dryrun request with successful result."}"#) }
        let result = try await makeOperations(passes).perform(InstanceActionRequest(action: .stop, options: beijing, instanceIds: ["i-1"], dryRun: true))
        #expect(result.json["dryRun"] == ["passed": true, "code": "DRYRUN.SUCCESS", "message": "This request is a dryrun request with successful result.", "requestId": "D1"])
        #expect(passes.calls.first?.parameters["DryRun"] == "true")

        let fails = ScriptedECS { _, _ in (403, #"{"RequestId":"D2","Code":"IncorrectInstanceStatus","Message":"The current status of the resource does not support this operation."}"#) }
        await #expect(throws: OperationError.self) {
            try await makeOperations(fails).perform(InstanceActionRequest(action: .stop, options: beijing, instanceIds: ["i-1"], dryRun: true))
        }
    }

    @Test("250 instance ids become three concurrent calls of at most 100, merged in order")
    func batching() async throws {
        let ecs = ScriptedECS { _, parameters in
            let ids = parameters.keys.filter { $0.hasPrefix("InstanceId.") }.sorted { Int($0.dropFirst(11)) ?? 0 < Int($1.dropFirst(11)) ?? 0 }.compactMap { parameters[$0] }
            let items = ids.map { #"{"Code":"200","Message":"success","InstanceId":"\#($0)","CurrentStatus":"Stopping","PreviousStatus":"Running"}"# }
            return (200, #"{"RequestId":"B","InstanceResponses":{"InstanceResponse":[\#(items.joined(separator: ","))]}}"#)
        }
        let ids = (1...250).map { "i-\($0)" }
        let result = try await makeOperations(ecs).perform(InstanceActionRequest(action: .stop, options: beijing, instanceIds: ids, force: true, stoppedMode: "StopCharging"))
        #expect(ecs.calls.count == 3)
        #expect(ecs.calls.map { $0.parameters.keys.filter { $0.hasPrefix("InstanceId.") }.count }.sorted() == [50, 100, 100])
        #expect(ecs.calls.allSatisfy { $0.parameters["ForceStop"] == "true" && $0.parameters["StoppedMode"] == "StopCharging" })
        let merged = try #require(result.body["InstanceResponses"]?["InstanceResponse"]?.arrayValue)
        #expect(merged.compactMap { $0["InstanceId"]?.stringValue } == ids)
    }

    @Test("when one call of a split action fails, the error says which instances the other calls did act on")
    func partialBatchFailure() async throws {
        let ecs = ScriptedECS { _, parameters in
            let ids = parameters.keys.filter { $0.hasPrefix("InstanceId.") }.compactMap { parameters[$0] }
            // The call holding i-1 is refused as a whole (ECS's default AllTogether); the others succeed.
            if ids.contains("i-1") {
                return (403, #"{"RequestId":"F","Code":"IncorrectInstanceStatus","Message":"The current status of the resource does not support this operation."}"#)
            }
            let items = ids.map { #"{"Code":"200","Message":"success","InstanceId":"\#($0)","CurrentStatus":"Stopping","PreviousStatus":"Running"}"# }
            return (200, #"{"RequestId":"B","InstanceResponses":{"InstanceResponse":[\#(items.joined(separator: ","))]}}"#)
        }
        let ids = (1...250).map { "i-\($0)" }
        do {
            _ = try await makeOperations(ecs).perform(InstanceActionRequest(action: .stop, options: beijing, instanceIds: ids))
            Issue.record("expected an error")
        } catch {
            guard case .partiallyDone(let completed, let notDone, let cause) = error else {
                Issue.record("expected partiallyDone, got \(error)")
                return
            }
            #expect(completed == Array(ids[100...]))
            #expect(notDone == Array(ids[..<100]))
            guard case .client(.service(let service)) = cause else {
                Issue.record("expected the service error as the cause, got \(cause)")
                return
            }
            #expect(service.code == "IncorrectInstanceStatus")
        }
        // A dry run changed nothing anywhere: the plain error.
        do {
            _ = try await makeOperations(ecs).perform(InstanceActionRequest(action: .stop, options: beijing, instanceIds: ids, dryRun: true))
            Issue.record("expected an error")
        } catch {
            guard case .client = error else {
                Issue.record("expected the plain client error for a dry run, got \(error)")
                return
            }
        }
    }

    @Test("instances.list sends InstanceIds as one JSON array with the filters")
    func listWireForm() async throws {
        let ecs = ScriptedECS { _, _ in (200, #"{"Instances":{"Instance":[]},"TotalCount":0,"PageNumber":1,"PageSize":10,"RequestId":"L"}"#) }
        _ = try await makeOperations(ecs).listInstances(
            ListInstancesRequest(options: beijing, instanceIds: ["i-1", "i-2"], status: "Running", instanceName: "web*", zoneId: "cn-beijing-h",
                tags: [ResourceTag(key: "env", value: "prod")]))
        let call = try #require(ecs.calls.first)
        #expect(call.parameters["InstanceIds"] == #"["i-1","i-2"]"#)
        #expect(call.parameters["Status"] == "Running")
        #expect(call.parameters["InstanceName"] == "web*")
        #expect(call.parameters["ZoneId"] == "cn-beijing-h")
        #expect(call.parameters["Tag.1.Key"] == "env")
        #expect(call.parameters["Tag.1.Value"] == "prod")
    }

    @Test("all: true walks every page into one body")
    func allPages() async throws {
        let ecs = ScriptedECS { _, parameters in
            let page = Int(parameters["PageNumber"] ?? "1") ?? 1
            let size = Int(parameters["PageSize"] ?? "10") ?? 10
            let ids = (0..<size).map { (page - 1) * size + $0 }.filter { $0 < 7 }
            let items = ids.map { #"{"InstanceId":"i-\#($0)"}"# }.joined(separator: ",")
            return (200, #"{"Instances":{"Instance":[\#(items)]},"TotalCount":7,"PageNumber":\#(page),"PageSize":\#(size),"NextToken":"","RequestId":"P\#(page)"}"#)
        }
        let result = try await makeOperations(ecs).listInstances(ListInstancesRequest(options: beijing, pageSize: 3, all: true))
        #expect(ecs.calls.count == 3)
        #expect(result.body["Instances"]?["Instance"]?.arrayValue?.count == 7)
        #expect(result.body["RequestId"] == "P1")
        #expect(result.body["TotalCount"] == 7)
    }

    @Test("instance types page by NextToken; regions need no region and go to the central endpoint")
    func tokensAndCentral() async throws {
        let ecs = ScriptedECS { action, parameters in
            if action == "DescribeRegions" { return (200, #"{"Regions":{"Region":[]},"RequestId":"G"}"#) }
            let next = parameters["NextToken"] == nil ? "t2" : ""
            return (200, #"{"InstanceTypes":{"InstanceType":[{"InstanceTypeId":"x\#(next)","MemorySize":0.5}]},"NextToken":"\#(next)","RequestId":"T"}"#)
        }
        let operations = makeOperations(ecs)
        let types = try await operations.listInstanceTypes(ListInstanceTypesRequest(all: true))
        #expect(types.body["InstanceTypes"]?["InstanceType"]?.arrayValue?.count == 2)
        #expect(types.body.serialized().contains(#""MemorySize":0.5"#))
        #expect(ecs.calls.allSatisfy { $0.parameters["RegionId"] == nil })
        _ = try await operations.listRegions(ListRegionsRequest())
        #expect(ecs.calls.last?.url.hasPrefix("https://ecs.aliyuncs.com/?") == true)
    }

    @Test("the region is taken from a regional endpoint when not given")
    func regionFromEndpoint() async throws {
        let ecs = ScriptedECS { _, _ in (200, #"{"RequestId":"R"}"#) }
        _ = try await makeOperations(ecs).perform(
            InstanceActionRequest(action: .terminate, options: CallOptions(endpoint: "ecs.cn-beijing.aliyuncs.com"), instanceIds: ["i-1"], force: true))
        #expect(ecs.calls.first?.parameters["RegionId"] == "cn-beijing")
        #expect(ecs.calls.first?.parameters["Force"] == "true")
        #expect(ecs.calls.first?.url.hasPrefix("https://ecs.cn-beijing.aliyuncs.com/?") == true)
    }
}
