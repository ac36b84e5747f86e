import Foundation
import JSON
import Testing
import TestSupport

/// The built binary as an MCP host drives it, against the embedded simulator.
@Suite("MCP end to end")
struct MCPEndToEndTests {
    static let lifecycleTools = [
        "regions_list", "images_list", "instanceTypes_list", "instances_list", "instances_wait", "instances_create",
        "instances_start", "instances_stop", "instances_reboot", "instances_terminate", "credentials_list",
    ]

    @Test("initialize → tools/list (valid schemas, one per method) → a whole lifecycle with waits and progress in order")
    func lifecycle() async throws {
        let host = try MCPHost.start()
        let initialized = try await host.initialize()
        #expect(initialized["result"]?["protocolVersion"] == "2025-11-25")
        #expect(initialized["result"]?["capabilities"]?["tools"] != nil)

        let tools = try #require(try await host.call("tools/list", id: "list").answer["result"]?["tools"]?.arrayValue)
        let names = tools.compactMap { $0["name"]?.stringValue }
        #expect(Set(names).isSuperset(of: Self.lifecycleTools))
        #expect(Set(names).count == names.count)
        for tool in tools {
            let name = tool["name"]?.stringValue ?? "?"
            #expect(tool["inputSchema"]?["type"] == "object", "\(name)")
            #expect(tool["inputSchema"]?["properties"]?.objectValue != nil, "\(name)")
            #expect(tool["outputSchema"]?["type"] == "object", "\(name)")
            #expect(!tool.serialized().contains("$ref"), "\(name) must stand alone")
            #expect(tool["inputSchema"]?["properties"]?["accessKeySecret"] == nil, "\(name) must not ask for secrets")
            #expect(tool["annotations"]?["readOnlyHint"]?.boolValue != nil, "\(name)")
            #expect(tool["description"]?.stringValue?.isEmpty == false, "\(name)")
        }

        // Every structured result below must match its tool's outputSchema.
        let outputSchemas = Dictionary(uniqueKeysWithValues: tools.compactMap { tool in
            tool["name"]?.stringValue.map { ($0, tool["outputSchema"] ?? .null) }
        })
        func expectConforms(_ tool: String, _ result: JSONValue) {
            guard result["isError"] == false, let schema = outputSchemas[tool], let content = result["structuredContent"] else {
                Issue.record("\(tool): no structured result to check: \(result.text.prefix(200))")
                return
            }
            let problems = JSONSchemaValidator(root: schema).problems(validating: content, against: schema)
            #expect(problems.isEmpty, "\(tool) structuredContent: \(problems)")
        }

        // the credential listing is a tool too, and never shows a secret
        let (profiles, _) = try await host.tool("credentials_list", [:], id: "profiles")
        expectConforms("credentials_list", profiles)

        // create 2 and wait for Running, with progress
        let (image, type) = try await host.catalogChoice()
        let (created, progress) = try await host.tool(
            "instances_create",
            ["regionId": .string(MCPHost.region), "imageId": .string(image), "instanceType": .string(type), "amount": 2,
             "instanceName": "mcp-e2e", "password": "Ecsrpc-Tests-2026", "wait": ["intervalSeconds": 0.02, "timeoutSeconds": 60]],
            id: "create", meta: ["progressToken": "create-1"])
        #expect(created["isError"] == false, "\(created.text)")
        expectConforms("instances_create", created)
        let idValues = try #require(created["structuredContent"]?["body"]?["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue)
        let ids = idValues.compactMap(\.stringValue)
        #expect(ids.count == 2)
        #expect(created["structuredContent"]?["wait"]?["reached"]?.arrayValue?.count == 2)
        Self.expectOrderedProgress(progress, token: "create-1", total: 2, final: "2 of 2 instances Running")
        #expect(created.text.hasPrefix("Created 2 instances: \(ids[0]), \(ids[1]). Then 2 of 2 reached Running"))

        // stop → Stopped, start → Running, reboot → Running, each waited for
        let arguments: JSONObject = ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string)),
                                     "wait": ["intervalSeconds": 0.02, "timeoutSeconds": 60]]
        for (tool, status) in [("instances_stop", "Stopped"), ("instances_start", "Running"), ("instances_reboot", "Running")] {
            let (result, notes) = try await host.tool(tool, arguments, id: .string(tool), meta: ["progressToken": .string(tool)])
            #expect(result["isError"] == false, "\(tool): \(result.text)")
            expectConforms(tool, result)
            #expect(result["structuredContent"]?["wait"]?["status"] == .string(status))
            Self.expectOrderedProgress(notes, token: .string(tool), total: 2, final: "2 of 2 instances \(status)")
            let listed = try await host.tool("instances_list", ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string))], id: .string("list-\(tool)")).result
            expectConforms("instances_list", listed)
            let statuses = listed["structuredContent"]?["body"]?["Instances"]?["Instance"]?.arrayValue?.compactMap { $0["Status"]?.stringValue }
            #expect(statuses == [status, status], "\(tool)")
        }

        // an explicit wait on what is already true answers at once
        let (waited, _) = try await host.tool(
            "instances_wait", ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string)), "status": "Running"], id: "wait")
        #expect(waited["structuredContent"]?["polls"] == 1)
        expectConforms("instances_wait", waited)

        // terminate (force) and wait until they are gone
        var terminate = arguments
        terminate["force"] = true
        let (released, _) = try await host.tool("instances_terminate", terminate, id: "terminate")
        #expect(released["structuredContent"]?["wait"]?["status"] == "Deleted")
        expectConforms("instances_terminate", released)
        let gone = try await host.tool("instances_list", ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string))], id: "gone").result
        #expect(gone["structuredContent"]?["body"]?["Instances"]?["Instance"] == [])

        // an ECS error is a result a model can act on
        let (failed, _) = try await host.tool("instances_start", ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string))], id: "again")
        #expect(failed["isError"] == true)
        #expect(failed.text.hasPrefix("ECS error "))
        #expect(failed.text.contains("Request id: "))
        #expect(failed.text.contains("What to do: "))
        host.process.closeInput()
        #expect(try await host.process.waitForExit() == 0)
    }

    @Test("a cancel during a long wait stops it and no answer is sent; ping is answered while it runs and right after")
    func cancelDuringWait() async throws {
        let host = try MCPHost.start(["--log-level", "info"])
        _ = try await host.initialize()
        let ids = try await host.createRunning(1, name: "mcp-cancel")
        try host.request(
            "tools/call",
            ["name": "instances_wait", "_meta": ["progressToken": "long"],
             "arguments": ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string)), "status": "Stopped",
                           "timeoutSeconds": 600, "intervalSeconds": 0.05]],
            id: "long")
        let first = try await host.process.nextMessage()
        #expect(first["method"] == "notifications/progress")
        #expect(first["params"]?["message"] == .string("0 of 1 instance Stopped (\(ids[0]) Running)"))
        // ping while the wait polls
        #expect(try await host.call("ping", id: "ping-1").answer["result"] == [:])
        try host.notify("notifications/cancelled", ["requestId": "long", "reason": "the user changed their mind"])
        #expect(try await host.call("ping", id: "ping-2").answer["result"] == [:])
        host.process.closeInput()
        #expect(try await host.process.waitForExit() == 0)
        let rest = try await host.process.remainingLines().map { try JSONValue.parse($0) }
        #expect(!rest.contains { $0["id"] == "long" }, "a cancelled MCP request is never answered")
        let cancelLine = host.process.stderrLines().first { $0.contains("\"request.cancelled\"") }
        #expect(cancelLine?.contains("\"stopped_after_cancel_ms\"") == true)
    }

    @Test("--read-only hides and refuses the mutating tools, over MCP and plain JSON-RPC")
    func readOnly() async throws {
        let host = try MCPHost.start(["--read-only"])
        let initialized = try await host.initialize()
        #expect(initialized["result"]?["_meta"]?["ecsrpc/guardrails"]?["readOnly"] == true)
        #expect(initialized["result"]?["instructions"]?.stringValue?.contains("read-only") == true)
        let tools = try #require(try await host.call("tools/list", id: "list").answer["result"]?["tools"]?.arrayValue)
        let names = Set(tools.compactMap { $0["name"]?.stringValue })
        #expect(names == ["regions_list", "images_list", "instanceTypes_list", "instances_list", "instances_wait", "credentials_list"])
        let refused = try await host.call(
            "tools/call", ["name": "instances_create", "arguments": ["regionId": .string(MCPHost.region)]], id: "create").answer
        #expect(refused["error"]?["code"] == -32602)
        let plain = try await host.call("instances.terminate", ["regionId": .string(MCPHost.region), "instanceIds": ["i-x"]], id: "plain").answer
        #expect(plain["error"]?["code"] == -32006)
        let info = try await host.call("server.info", id: "info").answer
        #expect(info["result"]?["guardrails"]?["readOnly"] == true)
        #expect(info["result"]?["methods"]?.arrayValue?.contains("instances.create") == false)
        let listed = try await host.tool("instances_list", ["regionId": .string(MCPHost.region)], id: "list-ok").result
        #expect(listed["isError"] == false)
    }

    @Test("--confirm-destructive: terminate without confirm lists what it would release and releases nothing")
    func confirmDestructive() async throws {
        let host = try MCPHost.start(["--confirm-destructive"])
        _ = try await host.initialize()
        let ids = try await host.createRunning(1, name: "mcp-confirm")
        let arguments: JSONObject = ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string)), "force": true]
        let (refused, _) = try await host.tool("instances_terminate", arguments, id: "unconfirmed")
        #expect(refused["isError"] == true)
        #expect(refused.text.contains("would release (delete) 1 instance: \(ids[0]) (mcp-confirm"), "\(refused.text)")
        #expect(refused["structuredContent"]?["error"]?["data"]?["wouldAffect"]?[0]?["status"] == "Running")
        let still = try await host.tool("instances_list", ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string))], id: "still").result
        #expect(still["structuredContent"]?["body"]?["Instances"]?["Instance"]?.arrayValue?.count == 1)
        var confirmed = arguments
        confirmed["confirm"] = true
        confirmed["wait"] = ["intervalSeconds": 0.02]
        let (released, _) = try await host.tool("instances_terminate", confirmed, id: "confirmed")
        #expect(released["isError"] == false, "\(released.text)")
        #expect(released["structuredContent"]?["wait"]?["reached"] == .array(ids.map(JSONValue.string)))
    }

    @Test("2026-07-28: server/discover, then requests with _meta; plain JSON-RPC waits report progress and $/cancelRequest answers -32005")
    func modernAndPlain() async throws {
        let host = try MCPHost.start()
        let meta: JSONObject = ["io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:]]
        let discovered = try await host.call("server/discover", ["_meta": .object(meta)], id: "discover").answer
        #expect(discovered["result"]?["supportedVersions"]?[0] == "2026-07-28")
        #expect(discovered["result"]?["resultType"] == "complete")
        var listMeta = meta
        listMeta["progressToken"] = 1
        let listed = try await host.tool("regions_list", [:], id: "regions", meta: listMeta).result
        #expect(listed["resultType"] == "complete")
        #expect(listed["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "ecsrpc")

        let ids = try await host.createRunning(1, name: "mcp-plain")
        try host.request(
            "instances.wait",
            ["regionId": .string(MCPHost.region), "instanceIds": .array(ids.map(JSONValue.string)), "status": "Stopped", "progressToken": "plain",
             "intervalSeconds": 0.05],
            id: 42)
        let first = try await host.process.nextMessage()
        #expect(first["method"] == "notifications/progress" && first["params"]?["progressToken"] == "plain")
        try host.notify("$/cancelRequest", ["id": 42])
        let (answer, _) = try await host.answer(42)
        #expect(answer["error"]?["code"] == -32005)
        // a late cancel is ignored quietly
        try host.notify("$/cancelRequest", ["id": 42])
        #expect(try await host.call("ping", id: 43).answer["result"] == [:])
    }

    @Test("over the Unix socket MCP is per connection: one client's log level does not reach another; plain clients are untouched")
    func socketPerConnection() async throws {
        let server = try await TestServer.start(
            .socket, arguments: ["--simulator", "--transition-ms", "50"], environment: ["ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"],
            testMethods: false)
        let mcp = try await server.connectSocket()
        let plain = try await server.connectSocket()
        let initialized = try await mcp.call(
            "initialize", params: ["protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "socket", "version": "1"]], id: 1)
        #expect(initialized["result"]?["protocolVersion"] == "2025-11-25")
        try mcp.sendNotification("notifications/initialized")
        #expect(try await mcp.call("logging/setLevel", params: ["level": "info"], id: 2)["result"] == [:])
        try mcp.sendRequest("tools/call", params: ["name": "regions_list", "arguments": [:]], id: 3)
        let message = try await mcp.nextMessage()
        #expect(message["method"] == "notifications/message")
        #expect(message["params"]?["level"] == "info")
        let answer = try await mcp.nextMessage()
        #expect(answer["id"] == 3 && answer["result"]?["isError"] == false)
        // The plain client on the same server gets the method's own answer and no MCP notifications.
        let regions = try await plain.call("regions.list", id: 1)
        #expect(regions["result"]?["body"]?["Regions"] != nil)
        let viaTools = try await plain.call("tools/call", params: ["name": "regions_list"], id: 2)
        #expect(viaTools["result"]?["structuredContent"]?["body"]?["Regions"] != nil)
        plain.disconnect()
        mcp.disconnect()
        #expect(try await server.stop() == 0)
    }

    /// Progress notifications for `token`: strictly increasing, never above `total`, ending at `final`.
    static func expectOrderedProgress(_ notifications: [JSONValue], token: JSONValue, total: Int, final: String) {
        let progress = notifications.filter { $0["method"] == "notifications/progress" && $0["params"]?["progressToken"] == token }
        #expect(!progress.isEmpty, "progress for \(token.serialized())")
        let values = progress.compactMap { $0["params"]?["progress"]?.doubleValue }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(values)")
        #expect(values.allSatisfy { $0 <= Double(total) })
        #expect(progress.allSatisfy { $0["params"]?["total"]?.intValue == total })
        #expect(progress.last?["params"]?["message"] == .string(final))
    }
}
