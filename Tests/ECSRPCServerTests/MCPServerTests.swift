import JSON
import JSONRPC
import Testing

@testable import ECSRPCServer

/// `_meta` of a 2026-07-28 request.
let modernMeta: JSONValue = [
    "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
    "io.modelcontextprotocol/clientInfo": ["name": "tests", "version": "1"],
]

@Suite("MCP server mode")
struct MCPServerTests {
    @Test("initialize answers the asked revision when supported, else 2025-11-25; ping and initialized work")
    func handshake() async throws {
        let stack = AgentStack()
        let answer = await stack.call(
            "initialize", ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]])
        #expect(answer?["result"]?["protocolVersion"] == "2025-06-18")
        #expect(answer?["result"]?["capabilities"]?["tools"] == ["listChanged": false])
        #expect(answer?["result"]?["serverInfo"]?["name"] == "ecsrpc")
        #expect(answer?["result"]?["_meta"]?["ecsrpc/guardrails"]?["readOnly"] == false)
        stack.notification("notifications/initialized", [:])
        let old = await stack.call("initialize", ["protocolVersion": "2024-11-05", "capabilities": [:]], id: 2)
        #expect(old?["result"]?["protocolVersion"] == "2025-11-25")
        #expect(await stack.call("ping", id: 3)?["result"] == [:])
        #expect(await stack.finish().isEmpty)
    }

    @Test("2026-07-28: server/discover and tools/list carry resultType, caching hints and serverInfo")
    func modern() async throws {
        let stack = AgentStack()
        let discovered = try #require(await stack.call("server/discover", ["_meta": modernMeta])?["result"])
        #expect(discovered["supportedVersions"] == ["2026-07-28", "2025-11-25", "2025-06-18"])
        #expect(discovered["resultType"] == "complete")
        #expect(discovered["cacheScope"] == "private")
        #expect(discovered["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "ecsrpc")
        let listed = try #require(await stack.call("tools/list", ["_meta": modernMeta], id: 2)?["result"])
        #expect(listed["resultType"] == "complete")
        #expect(listed["ttlMs"]?.intValue ?? 0 > 0)
        #expect(listed["tools"]?.arrayValue?.isEmpty == false)
        let legacy = try #require(await stack.call("tools/list", id: 3)?["result"])
        #expect(legacy["resultType"] == nil && legacy["ttlMs"] == nil)
    }

    @Test("2026-07-28: an unknown revision gets -32022 naming the supported ones; missing capabilities -32602")
    func versionErrors() async throws {
        let stack = AgentStack()
        let unknown = await stack.call(
            "tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "1999-01-01", "io.modelcontextprotocol/clientCapabilities": [:]]])
        #expect(unknown?["error"]?["code"] == -32022)
        #expect(unknown?["error"]?["data"]?["requested"] == "1999-01-01")
        #expect(unknown?["error"]?["data"]?["supported"]?[0] == "2026-07-28")
        let incomplete = await stack.call("tools/call", ["name": "instances_wait", "_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]], id: 2)
        #expect(incomplete?["error"]?["code"] == -32602)
    }

    @Test("tools/call instances_wait sends progress in order, then a result with structuredContent and text")
    func waitWithProgress() async throws {
        let stack = AgentStack()
        stack.fake.set("i-a", "Pending", then: ["Starting", "Running"])
        stack.fake.set("i-b", "Pending", then: ["Pending", "Starting", "Running"])
        stack.request(
            "tools/call",
            ["name": "instances_wait", "_meta": ["progressToken": "p-1"],
             "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-a", "i-b"], "status": "Running", "intervalSeconds": 0.01]],
            id: 5)
        let (notifications, answer) = await stack.until(answer: 5)
        let progress = notifications.filter { $0["method"] == "notifications/progress" }
        #expect(progress.count == notifications.count)
        // Pending ⅓ each, then i-a Starting, then i-a Running and i-b Starting, then both Running.
        #expect(progress.map { $0["params"]?["progress"]?.doubleValue ?? -1 } == [0.67, 1, 1.67, 2])
        #expect(progress.allSatisfy { $0["params"]?["progressToken"] == "p-1" && $0["params"]?["total"] == 2 })
        #expect(progress.last?["params"]?["message"] == "2 of 2 instances Running")
        let result = try #require(answer?["result"])
        #expect(result["isError"] == false)
        #expect(result["structuredContent"]?["reached"] == ["i-a", "i-b"])
        #expect(answer.map(\.toolText)?.hasPrefix("2 of 2 instances Running after ") == true)
    }

    @Test("a tools/call cancelled with notifications/cancelled stops waiting and is never answered; ping answers")
    func cancelledWithoutAnswer() async throws {
        let stack = AgentStack()
        stack.fake.set("i-a", "Running")
        stack.request(
            "tools/call",
            ["name": "instances_wait", "_meta": ["progressToken": 1],
             "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-a"], "status": "Stopped", "timeoutSeconds": 600]],
            id: "long")
        let first = await stack.next()
        #expect(first?["method"] == "notifications/progress")
        // ping is answered while the wait runs
        #expect(await stack.call("ping", id: "p1")?["result"] == [:])
        stack.notification("notifications/cancelled", ["requestId": "long", "reason": "user gave up"])
        let polls = stack.fake.listCalls
        #expect(await stack.call("ping", id: "p2")?["result"] == [:])
        let rest = await stack.finish()
        #expect(!rest.contains { $0["id"] == "long" })
        #expect(stack.fake.listCalls <= polls + 1)
        #expect(stack.connection.inFlightCount == 0)
    }

    @Test("a tools/call cancelled with $/cancelRequest (not MCP's cancel) is answered with -32005")
    func toolCallPlainCancel() async throws {
        let stack = AgentStack()
        stack.fake.set("i-a", "Running")
        stack.request(
            "tools/call",
            ["name": "instances_wait", "_meta": ["progressToken": "t"],
             "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-a"], "status": "Stopped"]], id: "w")
        #expect(await stack.next()?["method"] == "notifications/progress")
        stack.notification("$/cancelRequest", ["id": "w"])
        let (_, answer) = await stack.until(answer: "w")
        #expect(answer?["error"]?["code"] == -32005)
    }

    @Test("$/cancelRequest cancels a plain request, which is answered with -32005; late cancels are ignored")
    func plainCancel() async throws {
        let stack = AgentStack()
        stack.fake.set("i-a", "Running")
        stack.request(
            "instances.wait", ["regionId": "cn-beijing", "instanceIds": ["i-a"], "status": "Stopped", "progressToken": "t"], id: 9)
        let first = await stack.next()
        #expect(first?["params"]?["progressToken"] == "t")
        stack.notification("$/cancelRequest", ["id": 9])
        let (_, answer) = await stack.until(answer: 9)
        #expect(answer?["error"]?["code"] == -32005)
        stack.notification("$/cancelRequest", ["id": 9])
        stack.notification("notifications/cancelled", ["requestId": 9])
        #expect(await stack.call("ping", id: 10)?["result"] == [:])
        #expect(await stack.finish().isEmpty)
    }

    @Test("an ECS error comes back as an isError result with the code, message, request id and next step")
    func ecsErrorResult() async throws {
        let stack = AgentStack()
        let answer = try #require(await stack.call(
            "tools/call", ["name": "instances_start", "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-a"]]]))
        #expect(answer["result"]?["isError"] == true)
        let text = answer.toolText
        #expect(text.hasPrefix("ECS error IncorrectInstanceStatus (HTTP 403) from StartInstances:"))
        #expect(text.contains("Request id: REQ-START-1"))
        #expect(text.contains("What to do:"))
        let unknown = await stack.call("tools/call", ["name": "instances_explode"], id: 2)
        #expect(unknown?["error"]?["code"] == -32602)
    }

    @Test("wait on an action: stop then wait for Stopped; a wait that runs out says what the action did")
    func actionWait() async throws {
        let stack = AgentStack()
        stack.fake.set("i-a", "Running")
        let stopped = try #require(await stack.call(
            "instances.stop",
            ["regionId": "cn-beijing", "instanceIds": ["i-a"], "wait": ["intervalSeconds": 0.01, "timeoutSeconds": 30]]))
        #expect(stopped["result"]?["wait"]?["reached"] == ["i-a"])
        #expect(stopped["result"]?["body"]?["RequestId"] == "STOP-1")
        #expect(stack.fake.stopCalls.last?["wait"] == nil)

        stack.fake.set("i-b", "Running")
        let timedOut = try #require(await stack.call(
            "instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-b"], "wait": ["intervalSeconds": 5, "timeoutSeconds": 0.1]],
            id: 2))
        #expect(timedOut["error"]?["code"] == -32007)
        #expect(timedOut["error"]?["data"]?["actionDone"] == true)
        #expect(timedOut["error"]?["data"]?["notReached"] == [["instanceId": "i-b", "status": "Stopping"]])
        let bad = await stack.call("instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-b"], "wait": "yes"], id: 3)
        #expect(bad?["error"]?["data"]?["parameter"] == "wait")
    }

    @Test("logging/setLevel turns on notifications/message for this connection")
    func logging() async throws {
        let stack = AgentStack()
        #expect(await stack.call("logging/setLevel", ["level": "info"])?["result"] == [:])
        stack.fake.set("i-a", "Running")
        stack.request("tools/call", ["name": "instances_list", "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-a"]]], id: 2)
        let (notifications, answer) = await stack.until(answer: 2)
        #expect(answer?["result"]?["isError"] == false)
        #expect(notifications.map { $0["params"]?["level"] } == ["info"])
        #expect(await stack.call("logging/setLevel", ["level": "loud"], id: 3)?["error"]?["code"] == -32602)
    }
}

@Suite("Guardrails")
struct GuardrailTests {
    @Test("--read-only hides and refuses every tool and method that changes something")
    func readOnly() async throws {
        let stack = AgentStack(guardrails: Guardrails(readOnly: true))
        let tools = try #require(await stack.call("tools/list")?["result"]?["tools"]?.arrayValue)
        let names = tools.compactMap { $0["name"]?.stringValue }
        #expect(names.contains("instances_wait") && names.contains("instances_list"))
        #expect(!names.contains("instances_stop") && !names.contains("instances_start"))
        #expect(tools.allSatisfy { $0["annotations"]?["readOnlyHint"] == true })
        let viaMCP = await stack.call("tools/call", ["name": "instances_stop", "arguments": ["instanceIds": ["i-a"]]], id: 2)
        #expect(viaMCP?["error"]?["code"] == -32602)
        #expect(viaMCP?["error"]?["message"]?.stringValue?.contains("--read-only") == true)
        let plain = await stack.call("instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-a"]], id: 3)
        #expect(plain?["error"]?["code"] == -32006)
        #expect(stack.fake.stopCalls.isEmpty)
        let info = try #require(await stack.call("server.info", id: 4)?["result"])
        #expect(info["guardrails"]?["readOnly"] == true)
        #expect(info["methods"]?.arrayValue?.contains("instances.stop") == false)
        #expect(info["methods"]?.arrayValue?.contains("instances.list") == true)
    }

    @Test("which methods each guardrail lets through")
    func refusals() {
        let readOnly = Guardrails(readOnly: true)
        for allowed in ["ping", "server.info", "rpc.discover", "tools/call", "initialize", "instances.list", "instances.wait",
                        "regions.list", "credentials.list", "credentials.test"] {
            #expect(readOnly.refusal(of: allowed) == nil, "\(allowed)")
        }
        for refused in ["instances.create", "instances.terminate", "credentials.set", "credentials.delete", "debug.sleep"] {
            #expect(readOnly.refusal(of: refused) != nil, "\(refused)")
        }
        let listed = Guardrails(allowedMethods: ["instances.list"])
        #expect(listed.refusal(of: "instances.list") == nil && listed.refusal(of: "tools/list") == nil)
        #expect(listed.refusal(of: "instances.wait")?.contains("--allow-methods") == true)
        #expect(Guardrails().isActive == false && Guardrails().summary.isEmpty)
        #expect(Guardrails(confirmDestructive: true).needsConfirmation("instances.terminate"))
        #expect(!Guardrails(confirmDestructive: true).needsConfirmation("instances.start"))
        #expect(!Guardrails().needsConfirmation("instances.terminate"))
    }

    @Test("--allow-methods lets only the named methods through (tool names accepted)")
    func allowList() async throws {
        let stack = AgentStack(guardrails: Guardrails(allowedMethods: Guardrails.methodList("instances_list, instances.wait")))
        let names = (await stack.call("tools/list")?["result"]?["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(Set(names) == ["instances_list", "instances_wait"])
        #expect(await stack.call("instances.start", ["instanceIds": ["i-a"]], id: 2)?["error"]?["code"] == -32006)
        #expect(await stack.call("ping", id: 3)?["result"] == [:])
    }

    @Test("--confirm-destructive: stop without confirm says what it would do and does nothing; with confirm it stops")
    func confirmation() async throws {
        let stack = AgentStack(guardrails: Guardrails(confirmDestructive: true))
        stack.fake.set("i-a", "Running")
        let refused = try #require(await stack.call("instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-a", "i-x"]]))
        #expect(refused["error"]?["code"] == -32006)
        #expect(refused["error"]?["data"]?["wouldAffect"] == [["instanceId": "i-a", "instanceName": "name-i-a", "status": "Running"]])
        #expect(refused["error"]?["data"]?["notFound"] == ["i-x"])
        #expect(refused["error"]?["message"]?.stringValue?.hasPrefix("Confirmation required: instances.stop would stop 1 instance: i-a (name-i-a, Running)") == true)
        #expect(stack.fake.stopCalls.isEmpty)
        let viaMCP = try #require(await stack.call(
            "tools/call", ["name": "instances_stop", "arguments": ["regionId": "cn-beijing", "instanceIds": ["i-a"]]], id: 2))
        #expect(viaMCP["result"]?["isError"] == true)
        #expect(viaMCP.toolText.contains("\"confirm\": true"))
        let done = await stack.call("instances.stop", ["regionId": "cn-beijing", "instanceIds": ["i-a"], "confirm": true], id: 3)
        #expect(done?["result"]?["body"]?["RequestId"] == "STOP-1")
        #expect(stack.fake.stopCalls.count == 1 && stack.fake.stopCalls[0]["confirm"] == nil)
        let info = await stack.call("server.info", id: 4)
        #expect(info?["result"]?["guardrails"]?["confirmDestructive"] == true)
    }
}
