import ECSOperations
import JSON
import JSONRPC
import Testing

@testable import ECSRPCServer

/// `instances.wait`, an action's `wait` and the MCP `instances_wait` tool on ids that do not exist: -32008 after
/// `notFoundGraceSeconds`, not the whole timeout.
@Suite("Waiting on instances that are not found")
struct InstancesWaitNotFoundTests {
    @Test("instances.wait: an absent id past notFoundGraceSeconds is -32008 naming it; the found one is reported too")
    func plainWait() async throws {
        let stack = AgentStack()
        stack.fake.set("i-a", "Running")
        let answer = try #require(await stack.call(
            "instances.wait",
            ["regionId": "cn-beijing", "instanceIds": ["i-a", "i-ghost"], "status": "Running", "intervalSeconds": 0.01,
             "timeoutSeconds": 30, "notFoundGraceSeconds": 0.05]))
        let error = try #require(answer["error"])
        #expect(error["code"] == -32008)
        #expect(error["data"]?["missing"] == ["i-ghost"])
        #expect(error["data"]?["reached"] == ["i-a"])
        #expect(error["data"]?["status"] == "Running")
        #expect(error["data"]?["notFoundGraceSeconds"] == 0.05)
        #expect(error["data"]?["notReached"] == [["instanceId": "i-ghost", "status": nil]])
        #expect(error["message"]?.stringValue?.hasPrefix("Instance not found: i-ghost") == true)
    }

    @Test("Deleted still treats absence as the goal")
    func deleted() async throws {
        let stack = AgentStack()
        let answer = await stack.call(
            "instances.wait", ["regionId": "cn-beijing", "instanceIds": ["i-ghost"], "status": "Deleted", "notFoundGraceSeconds": 0])
        #expect(answer?["result"]?["reached"] == ["i-ghost"])
    }

    @Test("notFoundGraceSeconds is range-checked, in instances.wait and in an action's wait object")
    func badGrace() async throws {
        let stack = AgentStack()
        let wait = await stack.call(
            "instances.wait", ["regionId": "cn-beijing", "instanceIds": ["i-a"], "status": "Running", "notFoundGraceSeconds": -1])
        #expect(wait?["error"]?["data"]?["parameter"] == "notFoundGraceSeconds")
        let action = await stack.call(
            "instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-a"], "wait": ["notFoundGraceSeconds": "soon"]], id: 2)
        #expect(action?["error"]?["data"]?["parameter"] == "wait.notFoundGraceSeconds")
    }

    @Test("MCP instances_wait: an isError result naming the missing id and what to do next")
    func mcpTool() async throws {
        let stack = AgentStack()
        let answer = try #require(await stack.call(
            "tools/call",
            ["name": "instances_wait",
             "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-ghost"], "status": "Stopped", "intervalSeconds": 0.01,
                           "timeoutSeconds": 30, "notFoundGraceSeconds": 0.05]]))
        #expect(answer["result"]?["isError"] == true)
        let text = answer.toolText
        #expect(text.contains("i-ghost"))
        #expect(text.contains("notFoundGraceSeconds"))
    }

    @Test("an action's wait that finds its instances gone maps to -32008 with actionDone and the action's result")
    func actionMapping() {
        let progress = InstanceWaitProgress(
            target: .running, statuses: [InstanceStatusEntry(instanceId: "i-new", status: nil)], polls: 4)
        let notFound = InstanceWaitNotFound(missing: ["i-new"], progress: progress, elapsed: .seconds(10), grace: .seconds(10))
        let error = RPCErrorMapping.rpcError(
            for: ActionWaitNotFound(method: "instances.create", notFound: notFound, actionResult: ["body": ["RequestId": "R"]]))
        #expect(error.code == -32008)
        #expect(error.message.hasPrefix("instances.create was done, but waiting for it: Instance not found: i-new"))
        #expect(error.data?["actionDone"] == true)
        #expect(error.data?["missing"] == ["i-new"])
        #expect(error.data?["actionResult"]?["body"]?["RequestId"] == "R")
        #expect(RPCErrorMapping.rpcError(for: notFound).code == -32008)
    }
}
