import ECSClient
import ECSOperations
import Foundation
import JSON
import JSONRPC
import Synchronization
import Testing

@testable import ECSRPCServer

/// A fake ECS that records what each call sent and answers from a handler.
final class ECSMethodsFakeECS: HTTPTransport {
    private let handler: @Sendable (String, [String: String]) -> (Int, String)
    private let log = Mutex<[(String, [String: String])]>([])

    init(_ handler: @escaping @Sendable (String, [String: String]) -> (Int, String)) { self.handler = handler }

    var calls: [(action: String, parameters: [String: String])] { log.withLock { $0.map { (action: $0.0, parameters: $0.1) } } }

    func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        var parameters: [String: String] = [:]
        for item in URLComponents(string: request.url)?.queryItems ?? [] { parameters[item.name] = item.value ?? "" }
        let action = parameters["Action"] ?? ""
        log.withLock { $0.append((action, parameters)) }
        let (status, body) = handler(action, parameters)
        return HTTPResponseMessage(status: status, headers: ["X-Acs-Request-Id": "REQ"], body: Array(body.utf8))
    }
}

/// The ECS method table over a fake ECS, called the way the dispatcher calls handlers.
struct ECSMethodsTable {
    let registry = MethodRegistry()
    let ecs: ECSMethodsFakeECS

    init(_ handler: @escaping @Sendable (String, [String: String]) -> (Int, String) = { _, _ in (200, #"{"RequestId":"R"}"#) }) {
        ecs = ECSMethodsFakeECS(handler)
        let client = ECSClient(
            configuration: ECSClientConfiguration(retryPolicy: RetryPolicy(maxRetries: 0)), transport: ecs)
        let operations = ECSOperations(
            client: client, credentialProvider: .basic(environment: [:], fallback: CallCredentialProvider.simulatorDemoCredentials))
        ECSMethods.register(in: registry, operations: operations)
    }

    func call(_ method: String, _ params: JSONObject) async throws -> JSONValue {
        let handler = try #require(registry.handler(for: method))
        let context = MethodContext(requestID: nil, method: method, connection: ConnectionInfo(id: 1, transport: .stdio), logger: .disabled)
        return try await handler(Parameters(params), context)
    }

    /// The JSON-RPC error a failing call becomes.
    func error(_ method: String, _ params: JSONObject) async -> RPCError? {
        do {
            _ = try await call(method, params)
            return nil
        } catch {
            return RPCErrorMapping.rpcError(for: error)
        }
    }
}

@Suite("ECS method handlers")
struct ECSMethodsHandlerTests {
    @Test("the seed's create params decode as sent: systemDiskSize \"50\", dry_run, uniqueSuffix, amount")
    func seedCreate() async throws {
        let table = ECSMethodsTable { action, _ in
            switch action {
            case "DescribeVSwitches": (200, #"{"VSwitches":{"VSwitch":[{"VSwitchId":"vsw-1","VpcId":"vpc-1","ZoneId":"cn-beijing-h","IsDefault":true}]}}"#)
            case "DescribeSecurityGroups": (200, #"{"SecurityGroups":{"SecurityGroup":[{"SecurityGroupId":"sg-1","VpcId":"vpc-1"}]}}"#)
            default: (400, #"{"RequestId":"D","Code":"DryRunOperation","Message":"Request validation has been passed with DryRun flag set."}"#)
            }
        }
        let result = try await table.call(
            "instances.create",
            [
                "accessKeyId": "id", "accessKeySecret": "secret", "endpoint": "ecs.cn-beijing.aliyuncs.com", "regionId": "cn-beijing",
                "imageId": "debian_10_12_x64_20G_alibase_20220328.vhd", "instanceType": "ecs.t1.xsmall", "systemDiskSize": "50",
                "instanceName": "test", "uniqueSuffix": true, "amount": 10, "password": "test", "dry_run": true,
            ])
        let run = try #require(table.ecs.calls.last)
        #expect(run.action == "RunInstances")
        #expect(run.parameters["SystemDisk.Size"] == "50")
        #expect(run.parameters["Amount"] == "10")
        #expect(run.parameters["UniqueSuffix"] == "true")
        #expect(run.parameters["DryRun"] == "true")
        #expect(run.parameters["AccessKeyId"] == "id")
        #expect(result["dryRun"]?["passed"] == true)
        #expect(result["chosen"]?["securityGroup"]?["securityGroupId"] == "sg-1")
        #expect(result["body"]?["Code"] == "DryRunOperation")
        #expect(result["headers"]?["x-acs-request-id"] == "REQ")
    }

    @Test("region_id and dryRun are accepted as aliases; tags as an object or an array")
    func aliases() async throws {
        let table = ECSMethodsTable { _, _ in (200, #"{"Instances":{"Instance":[]},"TotalCount":0,"RequestId":"L"}"#) }
        _ = try await table.call("instances.list", ["region_id": "cn-beijing", "dryRun": false, "tags": ["env": "prod"], "instanceIds": ["i-1"]])
        _ = try await table.call("instances.list", ["regionId": "cn-beijing", "tags": [["key": "team", "value": "a"]]])
        let calls = table.ecs.calls
        #expect(calls[0].parameters["RegionId"] == "cn-beijing")
        #expect(calls[0].parameters["Tag.1.Key"] == "env")
        #expect(calls[0].parameters["InstanceIds"] == #"["i-1"]"#)
        #expect(calls[1].parameters["Tag.1.Value"] == "a")
    }

    @Test("bad params are -32602 naming the parameter, before any ECS call", arguments: [
        ("instances.create", ["regionId": "cn-beijing", "instanceType": "t"], "imageId"),
        ("instances.create", ["regionId": "cn-beijing", "imageId": "i", "instanceType": "t", "amount": "ten"], "amount"),
        ("instances.create", ["regionId": "cn-beijing", "imageId": "i", "instanceType": "t", "systemDiskSize": 1.5], "systemDiskSize"),
        ("instances.stop", ["regionId": "cn-beijing"], "instanceIds"),
        ("instances.stop", ["regionId": "cn-beijing", "instanceIds": [1]], "instanceIds"),
        ("instances.start", ["regionId": "cn-beijing", "instanceIds": ["i-1"], "force": true], "force"),
        ("instances.list", ["regionId": "cn-beijing", "instanceID": ["i-1"]], "instanceID"),
        ("instances.list", ["regionId": "cn-beijing", "status": "Asleep"], "status"),
        ("images.list", ["regionId": "cn-beijing", "pageSize": 1000], "pageSize"),
        ("regions.list", ["endpoint": "http://ecs.aliyuncs.com"], "endpoint"),
        ("regions.list", ["accessKeyId": "only-the-id"], "accessKeySecret"),
        // An alias is named as the client spelled it.
        ("instances.list", ["regionId": "cn-beijing", "dryRun": "yes"], "dryRun"),
        ("instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-1"], "dry_run": 1], "dry_run"),
        ("instances.list", ["region_id": 7], "region_id"),
    ] as [(String, JSONObject, String)])
    func invalidParams(method: String, params: JSONObject, parameter: String) async {
        let table = ECSMethodsTable()
        let error = await table.error(method, params)
        #expect(error?.code == -32602)
        #expect(error?.data?["parameter"]?.stringValue == parameter)
        #expect(table.ecs.calls.isEmpty)
    }

    @Test("an ECS error is -32001 with code, httpStatus, requestId, recommend, action, retryable; the string to sign is cut")
    func serviceError() async {
        let table = ECSMethodsTable { _, _ in
            (400, #"{"RequestId":"E1","HostId":"ecs.aliyuncs.com","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&Password%3DSecret123","Recommend":"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch"}"#)
        }
        let error = await table.error("regions.list", ["accessKeyId": "id", "accessKeySecret": "wrong"])
        #expect(error?.code == -32001)
        #expect(error?.data?["code"] == "SignatureDoesNotMatch")
        #expect(error?.data?["httpStatus"] == 400)
        #expect(error?.data?["requestId"] == "E1")
        #expect(error?.data?["recommend"] == "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch")
        #expect(error?.data?["action"] == "DescribeRegions")
        #expect(error?.data?["retryable"] == false)
        #expect(error.map { !$0.json.serialized().contains("Secret123") } == true)
    }

    @Test("transport failures are -32002 with their kind; missing credentials are -32003")
    func transportAndCredentials() {
        let refused = RPCErrorMapping.rpcError(for: OperationError.client(.transport(.connectionRefused, endpoint: "http://127.0.0.1:1", attempts: 4)))
        #expect(refused.code == -32002)
        #expect(refused.data?["kind"] == "refused")
        #expect(refused.data?["attempts"] == 4)
        let timedOut = RPCErrorMapping.rpcError(for: ECSClientError.transport(.timedOut(seconds: 2), endpoint: "https://e", attempts: 1))
        #expect(timedOut.data?["kind"] == "timedOut")
        #expect(RPCErrorMapping.rpcError(for: OperationError.noCredentials("none")).code == -32003)
        let network = RPCErrorMapping.rpcError(for: OperationError.networkResourceNotFound(parameter: "vSwitchId", problem: "no default vSwitch found in region cn-x"))
        #expect(network.code == -32602)
        #expect(network.data?["parameter"] == "vSwitchId")
    }

    @Test("a split action that partly failed keeps the failure's code and says which instances were acted on")
    func partiallyDone() {
        let cause = OperationError.client(.transport(.timedOut(seconds: 2), endpoint: "https://e", attempts: 1))
        let error = RPCErrorMapping.rpcError(for: OperationError.partiallyDone(completed: ["i-3", "i-4"], notDone: ["i-1", "i-2"], cause: cause))
        #expect(error.code == -32002)
        #expect(error.data?["kind"] == "timedOut")
        #expect(error.data?["completedInstanceIds"] == ["i-3", "i-4"])
        #expect(error.data?["notDoneInstanceIds"] == ["i-1", "i-2"])
        #expect(error.message.contains("2 of 4 instances were acted on"))
    }

    @Test("every ECS method is in the OpenRPC document, with exactly the params its handler accepts")
    func documented() throws {
        let methods = try #require(OpenRPCDocument.document["methods"]?.arrayValue)
        let allowed: [String: Set<String>] = [
            RegionsListMethod.name: RegionsListMethod.allowed, ImagesListMethod.name: ImagesListMethod.allowed,
            InstanceTypesListMethod.name: InstanceTypesListMethod.allowed, InstancesCreateMethod.name: InstancesCreateMethod.allowed,
            InstancesListMethod.name: InstancesListMethod.allowed,
        ].merging(InstanceAction.allCases.map { (InstanceActionMethod.name($0), InstanceActionMethod.allowed($0)) }) { first, _ in first }
        #expect(Set(allowed.keys) == Set(ECSMethods.names))
        for (name, accepted) in allowed {
            let entry = try #require(methods.first { $0["name"]?.stringValue == name }, "\(name) is not documented")
            var documented = Set(entry["params"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            documented.subtract(AgentLayer.wrapperParameters(for: name))
            #expect(documented == accepted, "\(name)")
            #expect(entry["examples"]?.arrayValue?.isEmpty == false)
        }
    }
}
